-- Results: rules can change without rescanning (issue 16). Each stored result says which version of the
-- judging rules (checks.Rules.VERSION) judged it; the results stored before this migration were judged
-- under version 1. The latest observation of each domain is kept, so that it can be judged again under
-- newer rules without the network ("re-judge", a check_run with trigger REJUDGE).
alter table check_result add column rules_version integer not null default 1;
alter table current_result add column rules_version integer not null default 1;

alter table check_run drop constraint check_run_trigger_check;
alter table check_run add constraint check_run_trigger_check
    check (trigger in ('SCHEDULED', 'MANUAL', 'REJUDGE'));

-- What a run observed (checks.ObservationJson, body in its format), one row per observing run; the record
-- stage keeps only the domain's latest (it deletes the older ones in the transaction that records a newer
-- one). body is null when the observation was larger than the record stage stores (skipped says why); a
-- re-judge then leaves the domain as it is. rules_version: the rules that last judged it (a re-judge
-- raises it).
create table check_observation (
    run_id        bigint      primary key references check_run (id) on delete cascade,
    domain_id     bigint      not null references domain (id) on delete cascade,
    observed_at   timestamptz not null,
    format        integer     not null,
    rules_version integer     not null,
    size_bytes    integer     not null,
    body          text,
    skipped       varchar(200),
    check ((body is null) <> (skipped is null))
);
create index check_observation_domain on check_observation (domain_id, run_id desc);
comment on table check_observation is 'Owned by the results module: the latest observation of each domain, to judge again.';
