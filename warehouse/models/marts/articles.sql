-- Public: one row per article (see warehouse/schema.yml for every column).
with articles as (
    select * from stg_articles
),

event_counts as (
    select article_id, count(*) as event_count
    from stg_events
    group by article_id
),

final as (
    select
        a.article_id,
        a.article_url,
        a.canonical_url,
        a.final_url,
        a.feed_url as feed,
        a.article_title,
        a.authors,
        a.published_at,
        a.language,
        a.description,
        a.site_name,
        a.text_chars,
        coalesce(c.event_count, 0) as event_count,
        a.content_hash,
        a.first_seen_at,
        a.updated_at,
        a.body_text
    from articles as a
    left join event_counts as c using (article_id)
)

select * from final
