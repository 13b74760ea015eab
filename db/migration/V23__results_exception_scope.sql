-- Which targets an accepted finding covers: TARGET = only the result's own target (as every exception
-- before this migration did), DOMAIN = every target of the domain with the same finding code.
alter table finding_exception
    add column scope varchar(16) not null default 'TARGET' check (scope in ('TARGET', 'DOMAIN'));

-- The published view gains the column (appended, so readers of the old columns are unaffected).
create or replace view results_exception_v as
select id, domain_id, check_id, target, finding_code, reason, expires_on, created_by, created_at, revoked_at, scope
from finding_exception;
