-- Re-judge benchmark data: :n domains in one team, each with one finished run and, as its latest stored
-- observation, observation.json (a real observation captured from a test scan, see README.md) with the
-- domain's own name in place of rejudge-bench.example. No results: the re-judge writes them.
\set ON_ERROR_STOP on
set synchronous_commit = off;
insert into team (name, created_at) values ('bench-rejudge', now()) on conflict do nothing;
insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, discovery_status)
select 'rejudge-' || lpad(i::text, 6, '0') || '.example', 'rejudge-' || lpad(i::text, 6, '0') || '.example',
       (select id from team where name = 'bench-rejudge'), '{}'::text[], now(), 'bench', now(), 'MX_FOUND'
from generate_series(1, :n) i;
insert into check_run (domain_id, trigger, started_at, finished_at, status)
select d.id, 'SCHEDULED', now() - interval '1 hour', now() - interval '1 hour' + interval '5 seconds', 'FAIL'
from domain d where d.a_label like 'rejudge-%.example';
insert into check_observation (run_id, domain_id, observed_at, format, rules_version, size_bytes, body)
select r.id, r.domain_id, r.started_at, 1, 1, octet_length(b.body), b.body
from check_run r join domain d on d.id = r.domain_id
cross join lateral (select replace(:'obs', 'rejudge-bench.example', d.a_label) as body) b
where d.a_label like 'rejudge-%.example';
analyze domain; analyze check_run; analyze check_observation;
