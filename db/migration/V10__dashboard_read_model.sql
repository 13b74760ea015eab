-- Dashboard read model: one row per scanned domain with its score and the status of each of the
-- thirteen mitigations, refreshed when the domain's results change, so that the portfolio page reads
-- 10,000 short rows instead of 150,000 results with their JSON.

-- statuses: one letter per mitigation in catalogue order (dev.mailward.checks.Mitigation):
-- P pass, W warn, F fail, E error, N not applicable, M not measured, A accepted.
create table domain_score (
    domain_id    bigint       primary key references domain (id) on delete cascade,
    score        smallint     check (score between 0 and 100),
    statuses     varchar(13)  not null,
    results_at   timestamptz,
    computed_at  timestamptz  not null
);
create index domain_score_score on domain_score (score);

-- The score of each domain per day (UTC), the last computed that day: the fleet trend is their average.
create table domain_score_daily (
    domain_id  bigint   not null references domain (id) on delete cascade,
    day        date     not null,
    team_id    bigint   not null,
    score      smallint not null,
    primary key (domain_id, day)
);
-- the trend reads (day, team, score) only: an index-only scan
create index domain_score_daily_day on domain_score_daily (day, team_id) include (score);

-- Every certificate seen in a domain's current results (endpoint evidence), soonest expiry first.
create table certificate_seen (
    domain_id  bigint        not null references domain (id) on delete cascade,
    target     varchar(512)  not null,
    position   smallint      not null,
    sha256     varchar(64)   not null,
    subject    varchar(1000) not null,
    issuer     varchar(1000) not null,
    not_before timestamptz   not null,
    not_after  timestamptz   not null,
    primary key (domain_id, target, position)
);
create index certificate_seen_not_after on certificate_seen (not_after);
