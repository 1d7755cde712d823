-- Which cluster each event belongs to.
with source as (
    select * from raw.cluster_members
),

final as (
    select * from source
)

select * from final
