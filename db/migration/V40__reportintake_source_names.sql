-- What the report intake learnt about a source address of the reports (issue 21): its PTR name, the
-- organisation (the PTR name's registrable domain) and whether the name resolves back to the address
-- (forward-confirmed). A cache: a row is asked again once older than the intake's TTL (a failed lookup
-- sooner). outcome: OK (a PTR name), NONE (no PTR record), ERROR (the lookup failed; ask again soon).
create table reportintake_source_name (
    ip                 inet        primary key,
    ptr_name           text,
    organisation       text,
    forward_confirmed  boolean     not null,
    outcome            varchar(8)  not null check (outcome in ('OK', 'NONE', 'ERROR')),
    resolved_at        timestamptz not null
);
create index reportintake_source_name_resolved on reportintake_source_name (resolved_at);
