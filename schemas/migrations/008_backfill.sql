-- 008: backfill progress (issue 12). One row per archive read by `dipwatch backfill`: a WARC
-- file or URL, or a sitemap. Updated in the same transaction as each batch of articles it
-- loads, so a backfill killed midway resumes at the first record it had not committed, and a
-- finished one is not read again.

create table if not exists raw.backfill_progress (
    source        varchar primary key,     -- absolute WARC path, WARC URL or sitemap URL
    kind          varchar not null,        -- warc | sitemap
    status        varchar not null,        -- running | done
    next_offset   bigint not null default 0,  -- WARC: byte offset of the first record not yet loaded
    size_bytes    bigint,                  -- WARC: bytes in the file, when known
    records_read  bigint not null default 0,  -- WARC records read, or sitemap URLs listed
    pages_kept    bigint not null default 0,  -- HTML responses kept, or pages fetched
    articles_new  bigint not null default 0,
    duplicates    bigint not null default 0,  -- same URL, text or canonical URL as a known article
    failed        bigint not null default 0,
    events_loaded bigint not null default 0,
    run_id        varchar,                 -- the last backfill that advanced it
    started_at    timestamptz,
    updated_at    timestamptz,
    finished_at   timestamptz
);
