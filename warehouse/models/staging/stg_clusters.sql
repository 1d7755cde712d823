-- Clusters as dipwatch.clusters computes them (already final names and types).
with source as (
    select * from raw.clusters
),

final as (
    select * from source
)

select * from final
