-- Accounts: a counter that ends a user's open console sessions. A session remembers the value it was
-- opened with and is refused once the value has moved on: disabling the account, lowering its role and
-- setting its password (by an admin or by the user) increment it.
alter table user_account add column session_epoch bigint not null default 0;
