-- The health of each domain as the lists of other modules show it (the inventory's domain list: score,
-- worst status, last checked; sortable and filterable at 100,000 domains). Published, read-only.

-- The worst status among the mitigations, as a rank so that "worst first" is an index order:
-- 0 FAIL, 1 ERROR, 2 WARN, 3 PASS (every measured mitigation passes, is accepted or does not apply);
-- null when nothing was measured (the domain counts as not checked).
alter table domain_score add column worst smallint generated always as (
    case
        when strpos(statuses, 'F') > 0 then 0
        when strpos(statuses, 'E') > 0 then 1
        when strpos(statuses, 'W') > 0 then 2
        when statuses ~ '[PAN]' then 3
    end) stored;

-- The sort orders of the domain list: each a walk of one index, the domain id breaking ties.
create index domain_score_score_domain on domain_score (score, domain_id);
create index domain_score_worst on domain_score (worst, score, domain_id);
create index domain_score_results_at on domain_score (results_at, domain_id);

-- One row per domain the dashboard has assessed. worst: the rank above; checked_at: when the results
-- the score was computed from were taken.
create view dashboard_domain_health_v as
select domain_id, score, worst, results_at as checked_at
from domain_score;
