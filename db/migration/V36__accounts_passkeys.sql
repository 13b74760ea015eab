-- Accounts: passkeys (WebAuthn), in the tables of Spring Security's JdbcPublicKeyCredentialUserEntityRepository
-- and JdbcUserCredentialRepository (its user-entities-schema / user-credentials-schema, PostgreSQL types).
-- A user entity is one console account: its name is the account's user name (which never changes), so the
-- entity and its passkeys go with the account; its id is the random WebAuthn user handle.
alter table user_account add constraint user_account_username_key unique (username);

create table user_entities (
    id           varchar(1000) primary key,
    name         varchar(100)  not null unique
                 references user_account (username) on update cascade on delete cascade,
    display_name varchar(200)
);

-- One passkey: its public key (COSE), signature counter, flags, the attestation it was registered with,
-- when it was registered and last used, and the name its owner gave it.
create table user_credentials (
    credential_id                varchar(1000) primary key,
    user_entity_user_id          varchar(1000) not null references user_entities (id) on delete cascade,
    public_key                   bytea         not null,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       not null,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       not null,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamptz,
    last_used                    timestamptz,
    label                        varchar(1000) not null
);
create index user_credentials_user on user_credentials (user_entity_user_id);
