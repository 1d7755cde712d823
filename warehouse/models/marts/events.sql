-- Public: one row per event per article, the contract of FORMAT.md plus analysis columns
-- (see warehouse/schema.yml for every column).
with events as (
    select * from stg_events
),

articles as (
    select article_id, article_url, article_title, published_at, feed_url, canonical_url
    from stg_articles
),

-- written by dipwatch.clusters with final names and types, so read as is (no staging model)
memberships as (
    select event_id, cluster_id
    from stg_cluster_members
),

final as (
    select
        e.event_id,
        a.article_url,
        e.event_type,
        e.event_mode,
        e.source_country,
        e.target_country,
        e.source_actor,
        e.target_actor,
        e.is_symmetric,
        e.event_date,
        e.date_precision,
        e.location_name,
        e.location_country,
        e.latitude,
        e.longitude,
        e.amount_usd,
        e.evidence,
        e.evidence_start,
        e.evidence_end,
        e.cameo_code,
        e.goldstein,
        e.quad_class,
        e.confidence,
        a.article_title,
        a.published_at,
        a.feed_url as feed,
        a.canonical_url,
        e.article_id,
        m.cluster_id,
        e.extracted_at,
        e.coder,
        e.coder_version,
        e.rules
    from events as e
    inner join articles as a using (article_id)
    left join memberships as m using (event_id)
)

select * from final
