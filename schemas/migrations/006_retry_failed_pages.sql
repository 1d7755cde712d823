-- 006: failed page fetches are tried again on later refreshes, with backoff: next_try_at is
-- when (null: never again, e.g. an address the policy refuses); attempts counts the failures.
-- Rows of other stages keep it null.

alter table raw.ingest_errors add column if not exists next_try_at timestamptz;
