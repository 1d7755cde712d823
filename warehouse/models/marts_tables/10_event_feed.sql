-- incremental_key: cluster_id
-- Mart (table): one row per cluster, i.e. per real-world event, with what a feed of the latest
-- events shows: the headline and link of its most confident report, the sentence, the place
-- (see warehouse/schema.yml). The other marts aggregate it. Refreshed incrementally: only the
-- clusters a refresh changed are replaced.
with clusters as (
    select * from clusters
),

final as (
    select
        cluster_id,
        first_reported_at,
        last_reported_at,
        event_day,
        event_date,
        date_precision,
        event_type,
        event_mode,
        quad_class,
        source_country,
        target_country,
        is_symmetric,
        headline,
        article_url,
        evidence,
        location_name,
        location_country,
        latitude,
        longitude,
        amount_usd,
        goldstein,
        num_events,
        num_articles,
        num_feeds
    from clusters
)

select * from final
order by first_reported_at desc, cluster_id
