-- The "fix this first" read model: one row per problem of a domain's current results, that is per
-- (check, target, finding code) whose finding fails, errs or warns and is not covered by an accepted
-- exception. Refreshed with the domain's score (dashboard.ScoreRefresher, at least daily), so that the
-- portfolio's worst-first list groups a few short rows per domain instead of reading every result's JSON.

-- cause: a 64-bit hash of (check, target, code) (dashboard.FixFirst.Cause#hash), the key the fleet's list
-- groups by (one integer instead of three strings); status: 0 FAIL, 1 ERROR, 2 WARN (the list's order);
-- weight: the mitigation's catalogue weight when the row was written; message: the finding's plain words;
-- own: the target is the domain's own name (its SPF, DMARC, MX, MTA-STS, TLS-RPT, DKIM results), so the
-- cause is the domain's alone and needs no grouping (dashboard.FixFirst#OWN_CHECKS).
create table domain_problem (
    domain_id   bigint        not null references domain (id) on delete cascade,
    check_id    varchar(32)   not null,
    target      varchar(512)  not null,
    code        varchar(64)   not null,
    cause       bigint        not null,
    status      smallint      not null check (status between 0 and 2),
    mitigation  varchar(32)   not null,
    weight      smallint      not null,
    message     varchar(2000) not null,
    own         boolean       not null,
    primary key (domain_id, check_id, target, code)
);
-- The domains behind a cause, read for the items of a page and for one domain's shared causes.
create index domain_problem_cause on domain_problem (cause, domain_id);
-- The list's order among the domains' own causes (one domain each): a walk of this index stops after a page.
create index domain_problem_own on domain_problem (status, weight desc, cause) where own;
