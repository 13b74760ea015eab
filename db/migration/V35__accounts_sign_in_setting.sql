-- Accounts: whether local password sign-in is open to everyone (true) or only to the break-glass accounts
-- (false), as an admin set it; no row = the property mailward.accounts.password-sign-in.enabled decides.
create table sign_in_setting (
    id                smallint     primary key check (id = 1),
    password_sign_in  boolean      not null,
    changed_by        varchar(64)  not null,
    changed_at        timestamptz  not null
);
