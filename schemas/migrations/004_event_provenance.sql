-- 004: provenance of every event: which coder made it, in which version, and by which rules.
-- Rows loaded before this migration keep null coder and coder_version and no rules (they were
-- made by the rule coder of that time; `dipwatch recode` codes them again with provenance).

alter table raw.events add column if not exists coder varchar;          -- registered name, e.g. rules
alter table raw.events add column if not exists coder_version varchar;  -- e.g. rules-1+data.1a2b3c4d
alter table raw.events add column if not exists rules varchar[];        -- ids of the rules that made it
