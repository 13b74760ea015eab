-- Results: the module of the record stage (observe -> judge -> record, docs/ARCHITECTURE.md §1). It
-- takes over the tables of result history, current results, confirmed changes and accepted findings,
-- which V5 created when the scanning module held them; their rows and columns stay as they are. The
-- comments say so in the database too, and ArchitectureTests reads ownership from them.
comment on table check_run is 'Owned by the results module: one run of the engine for one domain.';
comment on table check_result is 'Owned by the results module: the append-only result history.';
comment on table current_result is 'Owned by the results module: the latest result per (domain, check, target).';
comment on table change_event is 'Owned by the results module: confirmed changes of results.';
comment on table finding_exception is 'Owned by the results module: accepted findings (exceptions) with an expiry.';

-- Published views: what other modules may read of these tables in SQL, where a facade call per domain
-- would not do (a report streams 100,000 rows through one cursor; the dashboard's background pass finds
-- stale scores with one query over every domain). Read-only by rule: only the results module writes
-- (ArchitectureTests). Plain projections, which PostgreSQL inlines: a query over a view is planned as over
-- the table, with its indexes.

-- The current result per (domain, check, target).
create view results_current_v as
select domain_id, check_id, target, status, findings, evidence, checked_at
from current_result;

-- Every stored result (for "as of" reads: the latest per check and target at a point in time).
create view results_history_v as
select id, domain_id, check_id, target, status, findings, evidence, checked_at
from check_result;

-- Accepted findings, revoked or not; one holds on a day when not revoked and expires_on >= that day (UTC).
create view results_exception_v as
select id, domain_id, check_id, target, finding_code, reason, expires_on, created_by, created_at, revoked_at
from finding_exception;

-- Confirmed changes of results.
create view results_change_v as
select id, domain_id, domain_name, check_id, target, direction, old_status, new_status, detected_at
from change_event;

-- When each engine run of a domain started and finished (finished_at is null while it runs).
create view results_run_v as
select domain_id, started_at, finished_at
from check_run;
