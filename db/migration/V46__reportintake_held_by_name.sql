-- Reports kept aside because their domain was not in the inventory when they arrived are attached to it once it
-- is onboarded (reportintake.HeldReportAttachment): found by name among the held rows.
create index reportintake_dmarc_report_held_name on reportintake_dmarc_report (lower(domain_name))
    where domain_id is null;
create index reportintake_tls_policy_held_name on reportintake_tls_policy (lower(domain_name))
    where domain_id is null;
