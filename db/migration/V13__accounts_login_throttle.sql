-- Login throttling that holds under concurrency and cannot be used to lock an account out for everyone.
--
-- user_account keeps the account-wide state: failed_logins counted since failure_window_start (from
-- every client address) and locked_until, now the end of the progressive delay that follows
-- max-failures failures. New: password checks in progress (reserved under the row lock before a
-- password is checked, released when it has been judged; a reservation older than a few minutes is
-- taken as abandoned by a stopped instance) and the latest end of a lock of one client address,
-- shown to admins.
alter table user_account add column login_pending integer not null default 0;
alter table user_account add column login_pending_since timestamptz;
alter table user_account add column source_locked_until timestamptz;

-- Per (account, client address): failures from that address, its lock, its checks in progress.
-- Rows are deleted once expires_at has passed (on write), so the table stays bounded.
create table login_throttle (
    user_id        bigint      not null references user_account (id) on delete cascade,
    source_address varchar(64) not null,
    failures       integer     not null default 0,
    window_start   timestamptz,
    locked_until   timestamptz,
    pending        integer     not null default 0,
    pending_since  timestamptz,
    expires_at     timestamptz not null,
    primary key (user_id, source_address)
);
create index login_throttle_expires on login_throttle (expires_at);
