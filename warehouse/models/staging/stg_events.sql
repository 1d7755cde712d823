-- Events as loaded, renamed and typed once.
with source as (
    select * from raw.events
),

final as (
    select
        event_id,
        article_id,
        upper(event_type) as event_type,
        event_mode,
        source_country,
        target_country,
        source_actor,
        target_actor,
        coalesce(is_symmetric, false) as is_symmetric,
        event_date,
        date_precision,
        date_text,
        location_name,
        location_country,
        latitude,
        longitude,
        amount_usd,
        amount_text,
        evidence,
        evidence_start,
        evidence_end,
        cameo_code,
        goldstein,
        quad_class,
        confidence,
        trigger_text,
        extracted_at,
        coder,
        coder_version,
        rules
    from source
)

select * from final
