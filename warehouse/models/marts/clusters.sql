-- Public: one row per real-world event, as reported by one or more articles (see
-- warehouse/schema.yml). Members are the rows of `events` with the same cluster_id.
-- stg_clusters carries the clusters dipwatch.clusters computes, with final names and types,
-- and the headline, link and sentence of their representative report (kept with them, so
-- that reading a few clusters reads one table).
with clusters as (
    select * from stg_clusters
),

final as (
    select
        c.cluster_id,
        c.event_type,
        c.event_mode,
        c.source_country,
        c.target_country,
        c.is_symmetric,
        c.event_date,
        c.date_precision,
        case when c.date_precision = 'day' then c.event_date
             else cast(timezone('UTC', c.first_reported_at) as date) end as event_day,
        c.location_name,
        c.location_country,
        c.latitude,
        c.longitude,
        c.amount_usd,
        c.goldstein,
        c.quad_class,
        c.confidence,
        c.num_events,
        c.num_articles,
        c.num_feeds,
        c.first_reported_at,
        c.last_reported_at,
        c.headline,
        c.article_url,
        c.evidence,
        c.representative_event_id
    from clusters as c
)

select * from final
