-- 005: bookkeeping whose cost follows what a refresh adds, not the size of the warehouse.

-- Articles whose events a load or a recode rewrote since clusters and marts last caught up.
-- Written inside the same transaction as the events; `refresh_marts` clusters only these
-- articles' events, refreshes only the mart rows they touch, and empties the table. A refresh
-- with nothing new finds it empty and does no cluster or mart work at all; a refresh made
-- with DIPWATCH_REFRESH_MARTS=false leaves its articles here for the next one.
create table if not exists raw.changed_articles (
    article_id varchar primary key,
    changed_at timestamptz,
    run_id     varchar
);

-- A warehouse made before this migration: events not clustered yet (or clustered in an older
-- version) are caught up by the next refresh.
insert into raw.changed_articles (article_id, changed_at, run_id)
select distinct e.article_id, current_timestamp, 'migration-005'
from raw.events as e
left join raw.cluster_members as m using (event_id)
where m.event_id is null or m.extracted_at is distinct from e.extracted_at
on conflict do nothing;

insert into raw.changed_articles (article_id, changed_at, run_id)
select distinct m.article_id, current_timestamp, 'migration-005'
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
