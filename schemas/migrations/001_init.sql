-- 001: raw tables. Everything the pipeline writes lives in schema `raw`; analysts read the
-- views built from warehouse/models (staging `stg_*`, public `articles`, `events`, marts).

create schema if not exists raw;

-- One row per feed polled, with its conditional-GET state.
create table if not exists raw.feeds (
    feed_url        varchar primary key,   -- http(s) URL or absolute local path
    name            varchar,               -- label from the feeds file
    title           varchar,               -- the feed's own title
    etag            varchar,               -- last ETag (local files: sha256 of the content)
    last_modified   varchar,               -- last Last-Modified header
    first_polled_at timestamptz,
    last_polled_at  timestamptz,
    last_status     varchar,               -- ok | not_modified | error
    last_error      varchar,
    entries_seen    integer
);

-- One row per article, keyed by the URL the feed links.
create table if not exists raw.articles (
    article_id      varchar primary key,   -- sha1(url)[:16]
    url             varchar not null unique,
    final_url       varchar,
    canonical_url   varchar,
    feed_url        varchar,
    title           varchar,
    authors         varchar[],
    published_at    timestamptz,
    entry_published timestamptz,           -- the feed entry's date, to notice updates
    language        varchar,
    description     varchar,
    site_name       varchar,
    body_text       varchar,
    content_hash    varchar,
    etag            varchar,
    last_modified   varchar,
    first_seen_at   timestamptz,
    updated_at      timestamptz,
    run_id          varchar
);

-- One row per event per article.
create table if not exists raw.events (
    event_id         varchar primary key,  -- stable: sha1 of article, type, actors, date, sentence
    article_id       varchar not null,
    event_type       varchar not null,
    event_mode       varchar,
    source_country   varchar,
    target_country   varchar,
    source_actor     varchar,
    target_actor     varchar,
    is_symmetric     boolean,           -- talks between A and B: either side leads
    event_date       date,
    date_precision   varchar,
    date_text        varchar,
    location_name    varchar,
    location_country varchar,
    latitude         double,
    longitude        double,
    amount_usd       double,
    amount_text      varchar,
    evidence         varchar,
    evidence_start   integer,
    evidence_end     integer,
    cameo_code       varchar,
    goldstein        double,
    quad_class       tinyint,
    confidence       double,
    trigger_text     varchar,
    extracted_at     timestamptz,
    run_id           varchar
);

-- One row per refresh.
create table if not exists raw.runs (
    run_id             varchar primary key,
    flow_run_id        varchar,
    started_at         timestamptz,
    finished_at        timestamptz,
    status             varchar,            -- running | completed | failed | interrupted
    feeds_polled       integer,
    feeds_failed       integer,
    entries_seen       integer,
    articles_new       integer,
    articles_updated   integer,
    articles_unchanged integer,
    articles_failed    integer,
    events_loaded      integer,
    duration_s         double,
    summary            json
);

-- One row per (url, stage) that failed; attempts counts the runs that saw it fail.
create table if not exists raw.ingest_errors (
    url           varchar not null,
    stage         varchar not null,        -- feed | entry | fetch | extract | events
    error         varchar,
    feed_url      varchar,
    first_seen_at timestamptz,
    last_seen_at  timestamptz,
    attempts      integer,
    resolved_at   timestamptz,             -- set when the url later succeeded at that stage
    primary key (url, stage)
);
