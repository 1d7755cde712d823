-- 003: cross-article event clusters. The same real-world event reported by several articles
-- (same type, same actors, compatible dates, reported close in time) is one cluster; each
-- event belongs to exactly one. Written by dipwatch.clusters at the end of every refresh,
-- inside the load transaction; analysts read the `clusters` view and `events.cluster_id`.

-- One row per cluster; attributes are recomputed from the members whenever they change.
create table if not exists raw.clusters (
    cluster_id              varchar primary key,  -- 'c' + event_id of the event that founded it
    event_type              varchar not null,
    source_country          varchar,              -- symmetric clusters: the two actors in alphabetical order
    target_country          varchar,
    is_symmetric            boolean not null,
    event_mode              varchar,              -- most frequent mode among members
    event_date              date,                 -- finest date the members agree on
    date_precision          varchar,              -- day | month | year, null when no member is dated
    location_name           varchar,              -- most frequent place (ties: highest confidence)
    location_country        varchar,
    latitude                double,
    longitude               double,
    amount_usd              double,               -- most frequent amount (ties: highest confidence)
    goldstein               double,               -- mean of the members
    quad_class              tinyint,              -- most frequent among members
    confidence              double,               -- highest member confidence
    num_events              integer not null,
    num_articles            integer not null,
    num_feeds               integer not null,
    first_reported_at       timestamptz not null,
    last_reported_at        timestamptz not null,
    representative_event_id varchar not null,     -- most confident member (ties: earliest report)
    updated_at              timestamptz
);

-- One row per clustered event. extracted_at is the event version that was assigned: when an
-- article is updated its events are reloaded with a new extracted_at and are reassigned.
create table if not exists raw.cluster_members (
    event_id     varchar primary key,
    cluster_id   varchar not null,
    article_id   varchar not null,
    extracted_at timestamptz,
    reported_at  timestamptz not null,           -- the article's publication time (else first seen)
    assigned_at  timestamptz
);

-- One row per materialized mart (warehouse/models/marts_tables): when and how it was last built.
-- A mart whose SQL changed since (sql_sha1) is rebuilt in full at the next refresh.
create table if not exists raw.mart_builds (
    name       varchar primary key,
    sql_sha1   varchar not null,
    mode       varchar not null,                 -- full | incremental | unchanged
    row_count  bigint,
    seconds    double,
    built_at   timestamptz
);
