-- 005: bookkeeping whose cost follows what a refresh adds, not the size of the warehouse.

-- Articles whose events a load or a recode rewrote since clusters and marts last caught up.
-- Written inside the same transaction as the events, whose extracted_at is never before
-- changed_at (so the new events are found at the end of raw.events, by its zone maps);
-- `refresh_marts` clusters only these articles' events, refreshes only the mart rows they
-- touch, and empties the table. A refresh with nothing new finds it empty and does no cluster
-- or mart work at all; one made with DIPWATCH_REFRESH_MARTS=false leaves its articles here for
-- the next one. is_new: the article was not in the warehouse before (no old events, no
-- cluster members to look up).
create table if not exists raw.changed_articles (
    article_id varchar primary key,
    changed_at timestamptz not null,
    run_id     varchar,
    is_new     boolean not null default false
);

-- A warehouse made before this migration: events not clustered yet (or clustered in an older
-- version) are caught up by the next refresh.
insert into raw.changed_articles (article_id, changed_at, run_id)
select e.article_id, coalesce(min(e.extracted_at), timestamptz '1970-01-01 00:00:00+00'), 'migration-005'
from raw.events as e
left join raw.cluster_members as m using (event_id)
where m.event_id is null or m.extracted_at is distinct from e.extracted_at
group by e.article_id
on conflict do nothing;

insert into raw.changed_articles (article_id, changed_at, run_id)
select distinct m.article_id, timestamptz '1970-01-01 00:00:00+00', 'migration-005'
from raw.cluster_members as m
anti join raw.events as e using (event_id)
on conflict do nothing;

-- What each feed entry looked like when its page was last processed (sha1 of its link, title,
-- summary and guid). A known entry without a date whose fingerprint is unchanged is not
-- fetched again; a dated one is fetched again only when its date moves (as before).
create table if not exists raw.feed_entries (
    url           varchar primary key,   -- the link, as the feed gives it
    entry_hash    varchar not null,
    first_seen_at timestamptz,
    last_seen_at  timestamptz
);

-- The representative report of each cluster, kept with it (computed with its other
-- attributes), so that the public `clusters` view and the marts read one table.
alter table raw.clusters add column if not exists headline varchar;
alter table raw.clusters add column if not exists article_url varchar;
alter table raw.clusters add column if not exists evidence varchar;

update raw.clusters as c
set headline = a.title, article_url = a.url, evidence = e.evidence
from raw.events as e, raw.articles as a
where e.event_id = c.representative_event_id and a.article_id = e.article_id;

-- Lookups of a few rows by these columns (an updated article's events and cluster members, a
-- cluster's members, duplicates by content or canonical URL, a URL's errors) use an index
-- instead of a scan of the whole table.
create index if not exists events_article_id on raw.events (article_id);
create index if not exists cluster_members_article_id on raw.cluster_members (article_id);
create index if not exists cluster_members_cluster_id on raw.cluster_members (cluster_id);
create index if not exists articles_content_hash on raw.articles (content_hash);
create index if not exists articles_canonical_url on raw.articles (canonical_url);
create index if not exists ingest_errors_url on raw.ingest_errors (url);
