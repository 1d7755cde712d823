-- incremental_key: cluster_id
-- incremental_source: event_feed
-- Mart (table): one row per cluster that has coordinates, for maps (see warehouse/schema.yml).
with event_feed as (
    select * from event_feed
    where latitude is not null and longitude is not null
),

final as (
    select
        cluster_id,
        event_day,
        first_reported_at,
        event_type,
        quad_class,
        source_country,
        target_country,
        location_name,
        location_country,
        latitude,
        longitude,
        num_articles,
        goldstein,
        headline,
        article_url
    from event_feed
)

select * from final
order by event_day desc, cluster_id
