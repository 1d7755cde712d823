-- 007: watchlist alerts (issue 12). A cluster that matches a watchlist of the feeds file is
-- recorded once per (watchlist, cluster), inside the load transaction of the refresh that made
-- it match; each of the watchlist's destinations gets one delivery row, sent after the load
-- and marked sent, so an alert goes out once and never twice.

create table if not exists raw.alerts (
    watchlist       varchar not null,       -- the watchlist's name in the feeds file
    cluster_id      varchar not null,       -- the real-world event (raw.clusters)
    run_id          varchar,                -- the refresh that recorded it
    alerted_at      timestamptz not null,
    event_type      varchar not null,       -- the cluster as it was when it matched
    event_mode      varchar,
    quad_class      tinyint,
    source_country  varchar,
    target_country  varchar,
    is_symmetric    boolean,
    event_date      date,
    date_precision  varchar,
    event_day       date,                   -- event date when known to the day, else first report
    num_articles    integer,
    num_feeds       integer,
    confidence      double,
    headline        varchar,
    article_url     varchar,
    evidence        varchar,
    location_name   varchar,
    first_reported_at timestamptz,
    primary key (watchlist, cluster_id)
);

create table if not exists raw.alert_deliveries (
    watchlist   varchar not null,
    cluster_id  varchar not null,
    destination varchar not null,           -- webhook:URL | jsonl:PATH | block:SLUG/NAME
    status      varchar not null,           -- pending | sent | failed (gave up)
    attempts    integer not null default 0,
    last_error  varchar,
    sent_at     timestamptz,
    primary key (watchlist, cluster_id, destination)
);
