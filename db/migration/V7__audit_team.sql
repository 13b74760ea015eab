-- Audit entries that concern one team's rows (domains, servers, scans) carry that team, so that
-- auditors see the entries of their teams; entries without a team are for admins only.
-- Adding a nullable column rewrites no row, so the append-only triggers are not involved.
alter table audit_log add column team_id bigint;
create index audit_log_team on audit_log (team_id, at desc, id desc) where team_id is not null;
