-- incremental_key: event_day, source_country, target_country, event_type, quad_class
-- incremental_source: event_feed
-- Mart (table): one row per day x source x target x PLOVER type x quad class, counting
-- clusters (real-world events), not articles (see warehouse/schema.yml). A symmetric cluster
-- (talks between A and B) appears once, its actors in alphabetical order: for a pair, read both
-- directions; symmetric_clusters and symmetric_goldstein_sum set the symmetric ones apart from
-- those the source directed at the target. Clusters without a source or a target are left out.
-- Refreshed incrementally: only the rows of the days, dyads, types and quad classes of the
-- clusters a refresh changed are computed again.
with clusters as (
    select
        event_day,
        source_country,
        target_country,
        event_type,
        quad_class,
        is_symmetric,
        goldstein,
        num_events,
        num_articles
    from event_feed
    where source_country is not null and target_country is not null
),

final as (
    select
        event_day,
        source_country,
        target_country,
        event_type,
        quad_class,
        count(*) as clusters,
        count(*) filter (where is_symmetric) as symmetric_clusters,
        cast(sum(num_events) as bigint) as events,
        cast(sum(num_articles) as bigint) as articles,
        round(sum(goldstein), 4) as goldstein_sum,
        round(coalesce(sum(goldstein) filter (where is_symmetric), 0), 4) as symmetric_goldstein_sum,
        round(avg(goldstein), 4) as goldstein_mean
    from clusters
    group by event_day, source_country, target_country, event_type, quad_class
)

-- stored in dyad order, so that a pair's rows sit together
select * from final
order by source_country, target_country, event_day, event_type
