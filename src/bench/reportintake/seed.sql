-- Report intake benchmark data: :domains domains (default 1,000) in one team, each with DMARC aggregate
-- reports from 2 reporters per day over the last 90 days (180,000 reports) of 1-10 records each (about
-- 1,000,000 reportintake_dmarc_record rows), and one TLS report per domain and day (90,000 reports, one
-- policy each, failure details on about a third: ~60,000 rows). Set-based inserts through psql, one transaction.
-- Values are a deterministic hash of (report, row): about 85 % of records pass DMARC, ~64 source addresses per domain.
\set ON_ERROR_STOP on
\if :{?domains}
\else
  \set domains 1000
\endif
\if :{?days}
\else
  \set days 90
\endif
\if :{?offset}
\else
  \set offset 0
\endif
\if :{?tag}
\else
  \set tag recent
\endif
set synchronous_commit = off;
insert into team (name, created_at) values ('rbench', now()) on conflict do nothing;
insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, discovery_status)
select 'rbench-' || lpad(i::text, 5, '0') || '.example', 'rbench-' || lpad(i::text, 5, '0') || '.example',
       (select id from team where name = 'rbench'), '{}'::text[], now(), 'bench', now(), 'MX_FOUND'
from generate_series(1, :domains) i
on conflict do nothing;

create temp table bench_domain as
select id, a_label from domain where a_label like 'rbench-%' order by a_label limit :domains;

create temp table bench_report as
select d.id as domain_id, d.a_label, g as day, o.org, o.k,
       date_trunc('day', now()) - make_interval(days => g + 1 + :offset) as begins
from bench_domain d cross join generate_series(0, :days - 1) g
cross join (values ('google.com', 1), ('Yahoo', 2)) o(org, k);

with ins as (
  insert into reportintake_dmarc_report (org_name, report_id, email, domain_name, domain_id, period_begin, period_end,
      policy_p, policy_sp, policy_np, adkim, aspf, pct, testing, messages, source, file_name, received_at, received_by)
  select org, :'tag' || '-' || domain_id || '-' || day || '-' || k, 'noreply@' || lower(org), a_label, domain_id,
         begins, begins + interval '1 day', 'quarantine', null, null, 'r', 'r', '100', null, 0, 'API', 'bench.xml',
         begins + interval '1 day 3 hours', 'bench'
  from bench_report
  returning id)
select count(*) as dmarc_reports from ins;

insert into reportintake_dmarc_record (report_id, row_no, source_ip, messages, disposition, dkim_aligned, spf_aligned,
    dmarc_pass, header_from, envelope_from, envelope_to, helo, dkim, spf)
select r.id, n, ('203.0.' || (abs(hashint4(r.domain_id::int * 131 + n * 7 + (r.id % 3)::int)) % 64) || '.'
           || (r.domain_id % 250 + 1))::inet,
       1 + abs(hashint4(r.id::int * 17 + n)) % 500,
       case when h.fail then 'quarantine' else 'none' end,
       case when h.fail then 'fail' else 'pass' end,
       case when h.fail or h.spffail then 'fail' else 'pass' end,
       not h.fail, r.domain_name,
       case when h.fail then 'spoof' || (n % 5) || '.example.net' else r.domain_name end,
       null,
       'mail' || n || '.' || case when h.fail then 'example.net' else r.domain_name end,
       jsonb_build_array(jsonb_build_object('domain', case when h.fail then 'example.net' else r.domain_name end,
           'selector', 's' || (n % 3), 'result', case when h.fail then 'fail' else 'pass' end)),
       jsonb_build_array(jsonb_build_object('domain', r.domain_name, 'scope', 'mfrom',
           'result', case when h.fail or h.spffail then 'fail' else 'pass' end))
from reportintake_dmarc_report r
cross join lateral generate_series(1, 1 + abs(hashint4(r.id::int)) % 10) n
cross join lateral (select abs(hashint4(r.id::int * 31 + n)) % 100 < 15 as fail,
                           abs(hashint4(r.id::int * 37 + n)) % 100 < 10 as spffail) h
where r.file_name = 'bench.xml' and r.report_id like :'tag' || '-%';

update reportintake_dmarc_report r set messages = s.m
from (select x.report_id, sum(x.messages) m from reportintake_dmarc_record x
      join reportintake_dmarc_report q on q.id = x.report_id
      where q.file_name = 'bench.xml' and q.report_id like :'tag' || '-%' group by x.report_id) s
where s.report_id = r.id;

insert into reportintake_tls_report (org_name, report_id, contact, period_begin, period_end, source, file_name,
    received_at, received_by)
select 'Google Inc.', :'tag' || '-' || domain_id || '-' || day, 'smtp-tls-reporting@google.com', begins,
       begins + interval '1 day', 'API', 'bench.json', begins + interval '1 day 3 hours', 'bench'
from bench_report where k = 1;

insert into reportintake_tls_policy (report_id, policy_type, domain_name, domain_id, successful, failed)
select t.id, 'sts', d.a_label, d.id, 100 + abs(hashint4(t.id::int)) % 5000,
       case when abs(hashint4(t.id::int * 3)) % 3 = 0 then 1 + abs(hashint4(t.id::int * 5)) % 40 else 0 end
from reportintake_tls_report t
join bench_domain d on d.id = split_part(t.report_id, '-', 2)::bigint
where t.file_name = 'bench.json' and t.report_id like :'tag' || '-%';

insert into reportintake_tls_failure (policy_id, result_type, sending_ip, receiving_mx, receiving_ip, sessions)
select q.id, (array['starttls-not-supported', 'certificate-expired', 'validation-failure',
              'sts-policy-fetch-error'])[1 + (q.id % 4)::int],
       '198.51.100.' || (q.id % 250 + 1), 'mx' || (q.id % 2 + 1) || '.' || q.domain_name, '192.0.2.' || (q.id % 250 + 1),
       q.failed
from reportintake_tls_policy q join reportintake_tls_report t on t.id = q.report_id
where q.failed > 0 and t.file_name = 'bench.json' and t.report_id like :'tag' || '-%';

insert into reportintake_rejected (file_name, reason, size_bytes, sha256, source, received_at, received_by)
select 'bench-' || :'tag' || '-' || g || '.xml', 'not well-formed XML: bench', 100, md5(g::text) || md5(g::text), 'API',
       date_trunc('day', now()) - make_interval(days => g + 1 + :offset), 'bench'
from generate_series(0, :days - 1) g;

analyze reportintake_dmarc_report;
analyze reportintake_dmarc_record;
analyze reportintake_tls_report;
analyze reportintake_tls_policy;
analyze reportintake_tls_failure;
