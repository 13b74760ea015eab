-- What has been alerted, so that a finding that stays bad is not repeated every scan or sweep: one row per
-- condition (kind + domain + subject), with when it was last alerted. A sweep alerts again only after
-- mailward.notifications.renotify-after; the row goes when the condition ends. Inserted with
-- ON CONFLICT, so two console replicas sweeping at once alert once.
create table notification_alert_state (
    kind          varchar(32)  not null,
    domain_id     bigint       not null references domain (id) on delete cascade,
    subject       varchar(600) not null,
    alerted_at    timestamptz  not null,
    primary key (kind, domain_id, subject)
);
