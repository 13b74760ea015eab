-- Dashboard benchmark data: 10,000 domains in two teams, 30 daily runs each with 15 results
-- (13 mitigation checks, an MX check and an endpoint's certificate result with its certificate) = 4.5M history rows,
-- the latest run as the current state. Statuses are a deterministic hash of (domain, check, day).
-- The number of domains is psql's variable "domains" (run.sh passes DOMAINS; default 10,000).
\set ON_ERROR_STOP on
\if :{?domains}
\else
  \set domains 10000
\endif
set synchronous_commit = off;
insert into team (name, created_at) values ('bench-ops', now()), ('bench-web', now()) on conflict do nothing;
insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, discovery_status)
select 'bench-' || lpad(i::text, 5, '0') || '.example', 'bench-' || lpad(i::text, 5, '0') || '.example',
       (select id from team where name = case when i % 2 = 0 then 'bench-ops' else 'bench-web' end),
       case i % 3 when 0 then '{prod}'::text[] when 1 then '{staging}'::text[] else '{prod,eu}'::text[] end,
       now(), 'bench', now(), 'MX_FOUND'
from generate_series(1, :domains) i;

insert into check_run (domain_id, trigger, started_at, finished_at, status)
select d.id, 'SCHEDULED', date_trunc('day', now()) - make_interval(days => g) + interval '1 hour',
       date_trunc('day', now()) - make_interval(days => g) + interval '1 hour 5 seconds', 'PASS'
from domain d, generate_series(0, 29) g where d.a_label like 'bench-%';

create temp table mit (c int primary key, id text);
insert into mit values (1,'listeners'),(2,'no-open-relay'),(3,'maintained-mta'),(4,'mailbox-access'),(5,'reputation'),
  (6,'layered-auth'),(7,'sieve'),(8,'sasl-submission'),(9,'spf-dkim'),(10,'dnssec-dane'),(11,'rspamd'),(12,'dos-limits'),
  (13,'tls'),(14,'spf-dkim'),(15,'tls');

-- status: mostly PASS, some WARN/FAIL/ERROR; later days slightly better (the trend rises)
insert into check_result (run_id, domain_id, check_id, target, status, findings, evidence, dns_hash, checked_at, elapsed_ms)
select r.id, r.domain_id, case when m.c = 15 then 'certificate' else 'b-' || m.c end, case when m.c = 15 then 'mx.' || d.a_label || ':25' else d.a_label end, s.status,
       jsonb_build_array(jsonb_build_object('code', 'BENCH_' || m.c || '_' || s.status, 'status', s.status,
                         'message', 'bench finding', 'mitigation', m.id)),
       case when m.c = 15 then jsonb_build_object('certificates', jsonb_build_array(jsonb_build_object(
              'subject', 'CN=mx.' || d.a_label, 'issuer', 'CN=Bench CA', 'notBefore', to_char(r.started_at - interval '60 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
              'notAfter', to_char(r.started_at + make_interval(days => (d.id % 120)::int), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
              'sha256', md5(d.a_label) || md5(d.a_label)))) else '{}'::jsonb end,
       '', r.started_at, 15
from check_run r join domain d on d.id = r.domain_id cross join mit m
cross join lateral (select case
    when m.c in (4, 7, 11) and d.id % 4 = 0 then 'NOT_APPLICABLE'
    when abs(hashint4((d.id * 31 + m.c)::int)) % 100 < 8 + (extract(day from now() - r.started_at))::int / 3 then 'FAIL'
    when abs(hashint4((d.id * 17 + m.c)::int)) % 100 < 15 then 'WARN'
    when abs(hashint4((d.id * 7 + m.c + extract(doy from r.started_at)::int)::int)) % 100 < 2 then 'ERROR'
    else 'PASS' end as status) s
where d.a_label like 'bench-%';

insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence, dns_hash, checked_at, elapsed_ms)
select distinct on (c.domain_id, c.check_id, c.target) c.domain_id, c.check_id, c.target, c.id, c.run_id, c.status,
       c.findings, c.evidence, c.dns_hash, c.checked_at, c.elapsed_ms
from check_result c join domain d on d.id = c.domain_id where d.a_label like 'bench-%'
order by c.domain_id, c.check_id, c.target, c.checked_at desc
on conflict do nothing;
analyze;
