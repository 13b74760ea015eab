-- Spring Modulith's event publication registry (JPA), so that module events survive restarts.
create table event_publication (
    id                     uuid primary key,
    listener_id            text        not null,
    event_type             text        not null,
    serialized_event       text        not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 varchar(32),
    completion_attempts    integer     not null default 0,
    last_resubmission_date timestamptz
);
create index event_publication_incomplete on event_publication (publication_date) where completion_date is null;

create table event_publication_archive (
    id                     uuid primary key,
    listener_id            text        not null,
    event_type             text        not null,
    serialized_event       text        not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 varchar(32),
    completion_attempts    integer     not null default 0,
    last_resubmission_date timestamptz
);
