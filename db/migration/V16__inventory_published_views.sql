-- Published views of the inventory: what other modules (scanning, results, dashboard, reports) may read of
-- the inventory's tables in SQL, to scope, join and order by domain without a facade call per domain.
-- Read-only by rule: only the inventory writes its tables (ArchitectureTests). Plain projections, which
-- PostgreSQL inlines: a query over a view is planned as over the table, with its indexes.

-- Domains: names (A-label stored, U-label shown), team, tags, DKIM selectors, scan interval (minutes).
create view inventory_domain_v as
select id, a_label, u_label, team_id, tags, dkim_selectors, check_interval, created_at
from domain;

-- The mail servers serving each domain, in preference order (a server may serve one domain in several roles).
create view inventory_domain_server_v as
select dms.domain_id, dms.role, dms.preference, s.id as server_id, s.hostname
from domain_mail_server dms
join mail_server s on s.id = dms.server_id;

-- The endpoints of each mail server: role, port, and whether discovered or added by an operator (MANUAL).
create view inventory_endpoint_v as
select server_id, role, port, source
from mail_server_endpoint;
