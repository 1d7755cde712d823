-- Attributes of the given clusters from their members (dipwatch.warehouse.clusters.recompute).
-- The parameters are the ids of the clusters to rebuild (their old rows are deleted first),
-- then the ids of their members' events and articles: each table is read through its index
-- for just those rows (list_contains on a list parameter), never scanned whole.
-- Every "most frequent" pick breaks ties by the highest member confidence, then by value, so a
-- recomputation gives the same row.
insert into raw.clusters
with touched_members as (
    select cluster_id, event_id, article_id, reported_at
    from raw.cluster_members
    where list_contains(?::varchar[], cluster_id)
),

member_events as (
    select *
    from raw.events
    where list_contains(?::varchar[], event_id)
),

member_articles as (
    select article_id, feed_url, title, url
    from raw.articles
    where list_contains(?::varchar[], article_id)
),

members as (
    select
        m.cluster_id,
        m.event_id,
        m.article_id,
        m.reported_at,
        a.feed_url,
        a.title as article_title,
        a.url as article_url,
        e.evidence,
        upper(e.event_type) as event_type,
        e.event_mode,
        coalesce(e.is_symmetric, false) as is_symmetric,
        case when coalesce(e.is_symmetric, false)
             then least(coalesce(e.source_country, ''), coalesce(e.target_country, ''))
             else coalesce(e.source_country, '') end as key_source,
        case when coalesce(e.is_symmetric, false)
             then greatest(coalesce(e.source_country, ''), coalesce(e.target_country, ''))
             else coalesce(e.target_country, '') end as key_target,
        e.event_date,
        case when e.event_date is not null then coalesce(e.date_precision, 'day') end as date_precision,
        case when e.event_date is null then 3
             when e.date_precision = 'year' then 2
             when e.date_precision = 'month' then 1
             else 0 end as precision_rank,
        e.location_name,
        e.location_country,
        e.latitude,
        e.longitude,
        e.amount_usd,
        e.goldstein,
        e.quad_class,
        coalesce(e.confidence, 0) as confidence
    from touched_members as m
    inner join member_events as e on e.event_id = m.event_id
    left join member_articles as a on a.article_id = m.article_id
),

counts as (
    select
        cluster_id,
        any_value(event_type) as event_type,
        nullif(any_value(key_source), '') as source_country,
        nullif(any_value(key_target), '') as target_country,
        any_value(is_symmetric) as is_symmetric,
        round(avg(goldstein), 4) as goldstein,
        max(confidence) as confidence,
        count(*) as num_events,
        count(distinct article_id) as num_articles,
        count(distinct feed_url) as num_feeds,
        min(reported_at) as first_reported_at,
        max(reported_at) as last_reported_at
    from members
    group by cluster_id
),

dates as (
    select cluster_id, event_date, date_precision
    from members
    where event_date is not null
    qualify row_number() over (partition by cluster_id order by precision_rank, event_date) = 1
),

place_votes as (
    select cluster_id, location_name, count(*) as votes, max(confidence) as best_confidence
    from members
    where location_name is not null
    group by cluster_id, location_name
),

places as (
    select cluster_id, location_name
    from place_votes
    qualify row_number() over (
        partition by cluster_id order by votes desc, best_confidence desc, location_name) = 1
),

place_coords as (
    select m.cluster_id, m.location_name, m.location_country, m.latitude, m.longitude
    from members as m
    inner join places as p on p.cluster_id = m.cluster_id and p.location_name = m.location_name
    qualify row_number() over (
        partition by m.cluster_id order by (m.latitude is null), m.confidence desc, m.event_id) = 1
),

amount_votes as (
    select cluster_id, amount_usd, count(*) as votes, max(confidence) as best_confidence
    from members
    where amount_usd is not null
    group by cluster_id, amount_usd
),

amounts as (
    select cluster_id, amount_usd
    from amount_votes
    qualify row_number() over (
        partition by cluster_id order by votes desc, best_confidence desc, amount_usd desc) = 1
),

mode_votes as (
    select cluster_id, event_mode, count(*) as votes, max(confidence) as best_confidence
    from members
    where event_mode is not null
    group by cluster_id, event_mode
),

modes as (
    select cluster_id, event_mode
    from mode_votes
    qualify row_number() over (
        partition by cluster_id order by votes desc, best_confidence desc, event_mode) = 1
),

quad_votes as (
    select cluster_id, quad_class, count(*) as votes, max(confidence) as best_confidence
    from members
    where quad_class is not null
    group by cluster_id, quad_class
),

quads as (
    select cluster_id, quad_class
    from quad_votes
    qualify row_number() over (
        partition by cluster_id order by votes desc, best_confidence desc, quad_class) = 1
),

representatives as (
    select cluster_id, event_id as representative_event_id, article_title, article_url, evidence
    from members
    qualify row_number() over (
        partition by cluster_id order by confidence desc, reported_at, event_id) = 1
),

final as (
    select
        c.cluster_id,
        c.event_type,
        c.source_country,
        c.target_country,
        c.is_symmetric,
        mo.event_mode,
        d.event_date,
        d.date_precision,
        pc.location_name,
        pc.location_country,
        pc.latitude,
        pc.longitude,
        am.amount_usd,
        c.goldstein,
        q.quad_class,
        c.confidence,
        c.num_events,
        c.num_articles,
        c.num_feeds,
        c.first_reported_at,
        c.last_reported_at,
        r.representative_event_id,
        current_timestamp as updated_at,
        r.article_title as headline,
        r.article_url,
        r.evidence
    from counts as c
    inner join representatives as r using (cluster_id)
    left join dates as d using (cluster_id)
    left join place_coords as pc using (cluster_id)
    left join amounts as am using (cluster_id)
    left join modes as mo using (cluster_id)
    left join quads as q using (cluster_id)
)

select
    cluster_id, event_type, source_country, target_country, is_symmetric, event_mode,
    event_date, date_precision, location_name, location_country, latitude, longitude,
    amount_usd, goldstein, quad_class, confidence, num_events, num_articles, num_feeds,
    first_reported_at, last_reported_at, representative_event_id, updated_at, headline,
    article_url, evidence
from final
