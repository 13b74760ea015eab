-- Accounts: the link between a console account and an identity of an OpenID provider (OIDC single sign-on).
-- An identity is its issuer and the subject the issuer gives it (the "sub" claim, stable for the person);
-- a sign-in with that identity is a sign-in of the linked account. One identity per account and issuer.
create table oidc_identity (
    issuer            varchar(512) not null,
    subject           varchar(255) not null,
    user_id           bigint       not null references user_account (id) on delete cascade,
    linked_at         timestamptz  not null,
    last_sign_in_at   timestamptz  not null,
    primary key (issuer, subject),
    unique (user_id, issuer)
);
