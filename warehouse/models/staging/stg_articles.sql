-- Articles as loaded, renamed and typed once.
with source as (
    select * from raw.articles
),

final as (
    select
        article_id,
        url as article_url,
        final_url,
        canonical_url,
        feed_url,
        title as article_title,
        authors,
        published_at,
        language,
        description,
        site_name,
        body_text,
        content_hash,
        length(body_text) as text_chars,
        first_seen_at,
        updated_at
    from source
)

select * from final
