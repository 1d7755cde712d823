-- 002: the same article reached through another URL (another feed, a tracking link, a
-- syndicated copy with identical text) is recorded here instead of being processed again.

create table if not exists raw.article_aliases (
    url           varchar primary key,     -- the other URL
    article_id    varchar not null,        -- the article it duplicates
    feed_url      varchar,
    reason        varchar,                 -- same_canonical_url | same_content
    first_seen_at timestamptz
);
