-- 009: staged batches (issue 10, scale-out across machines). One row per batch that a shard
-- staged (Parquet files in the staging directory) and the loader loaded, written in the same
-- transaction as the batch's rows: a batch is loaded exactly once, and a loader killed midway
-- loads it again on its next run. A refresh's last load (feed states, its run completed) is
-- the row <refresh>/final.

create table if not exists raw.staged_batches (
    batch_id   varchar primary key,     -- <refresh>/shard-<i>-of-<n>/batch-<k>, or <refresh>/final
    refresh    varchar not null,        -- the refresh's folder in the staging directory
    run_id     varchar,                 -- its row in raw.runs
    shard      integer,                 -- null for the final load
    articles   integer not null default 0,  -- articles written (new or updated)
    events     integer not null default 0,
    loaded_at  timestamptz not null
);
