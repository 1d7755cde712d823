-- incremental_key: country, week_start
-- incremental_source: event_feed
-- Mart (table): one row per country x ISO week, the clusters (real-world events) it sent and
-- received, by quad class (see warehouse/schema.yml). A directed cluster is sent by its source
-- and received by its target; a symmetric one (talks between A and B) is sent and received by
-- both. Refreshed incrementally: only the weeks of the countries of the clusters a refresh
-- changed are computed again.
with clusters as (
    select event_day, source_country, target_country, is_symmetric, quad_class, goldstein
    from event_feed
),

roles as (
    select source_country as country, 'sent' as role, event_day, quad_class, goldstein
    from clusters
    where source_country is not null
    union all
    select target_country, 'received', event_day, quad_class, goldstein
    from clusters
    where target_country is not null
    union all
    select target_country, 'sent', event_day, quad_class, goldstein
    from clusters
    where is_symmetric and target_country is not null
    union all
    select source_country, 'received', event_day, quad_class, goldstein
    from clusters
    where is_symmetric and source_country is not null
),

weekly as (
    select
        country,
        cast(date_trunc('week', event_day) as date) as week_start,
        count(*) filter (where role = 'sent') as sent_total,
        count(*) filter (where role = 'sent' and quad_class = 1) as sent_verbal_cooperation,
        count(*) filter (where role = 'sent' and quad_class = 2) as sent_material_cooperation,
        count(*) filter (where role = 'sent' and quad_class = 3) as sent_verbal_conflict,
        count(*) filter (where role = 'sent' and quad_class = 4) as sent_material_conflict,
        round(avg(goldstein) filter (where role = 'sent'), 4) as sent_goldstein_mean,
        count(*) filter (where role = 'received') as received_total,
        count(*) filter (where role = 'received' and quad_class = 1) as received_verbal_cooperation,
        count(*) filter (where role = 'received' and quad_class = 2) as received_material_cooperation,
        count(*) filter (where role = 'received' and quad_class = 3) as received_verbal_conflict,
        count(*) filter (where role = 'received' and quad_class = 4) as received_material_conflict,
        round(avg(goldstein) filter (where role = 'received'), 4) as received_goldstein_mean
    from roles
    group by country, week_start
),

final as (
    select
        country,
        week_start,
        isoyear(week_start) as iso_year,
        week(week_start) as iso_week,
        sent_total,
        sent_verbal_cooperation,
        sent_material_cooperation,
        sent_verbal_conflict,
        sent_material_conflict,
        sent_goldstein_mean,
        received_total,
        received_verbal_cooperation,
        received_material_cooperation,
        received_verbal_conflict,
        received_material_conflict,
        received_goldstein_mean
    from weekly
)

select * from final
order by country, week_start
