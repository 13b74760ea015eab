-- Audit log: append-only, in the application and in the database.
create table audit_log (
    id             bigint generated always as identity primary key,
    at             timestamptz  not null default now(),
    actor          varchar(100) not null,
    source_address varchar(64),
    action         varchar(100) not null,
    target         varchar(300),
    detail         text
);
create index audit_log_at on audit_log (at desc, id desc);
create index audit_log_action on audit_log (action, at desc);
create index audit_log_actor on audit_log (actor, at desc);

create function audit_log_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_no_update_or_delete
    before update or delete on audit_log
    for each row execute function audit_log_append_only();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_append_only();
