-- Accounts: a password the user must replace before doing anything else. Set for the first admin when its
-- password was generated at the first start (printed once in the log); cleared when a new password is set.
-- Every console page sends such a user to the change-password form; API tokens are not affected.
alter table user_account add column must_change_password boolean not null default false;
