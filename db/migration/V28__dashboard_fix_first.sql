-- The "fix this first" read model: one row per problem of a domain's current results, that is per
-- (check, target, finding code) whose finding fails, errs or warns and is not covered by an accepted
-- exception. Refreshed with the domain's score (dashboard.ScoreRefresher), so that the portfolio's
-- worst-first list groups a few rows per domain instead of reading every result's JSON.

-- status: 0 FAIL, 1 ERROR, 2 WARN (the list's order); message: the finding's plain-words message.
create table domain_problem (
    domain_id   bigint        not null references domain (id) on delete cascade,
    check_id    varchar(32)   not null,
    target      varchar(512)  not null,
    code        varchar(64)   not null,
    status      smallint      not null check (status between 0 and 2),
    mitigation  varchar(32)   not null,
    message     varchar(2000) not null,
    primary key (domain_id, check_id, target, code)
);
-- A shared cause (same check, target and code) and the domains behind it, read per item of the list.
create index domain_problem_cause on domain_problem (check_id, target, code, domain_id);
