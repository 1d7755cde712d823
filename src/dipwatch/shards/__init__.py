"""A refresh spread over machines: one plan, N shards that fetch, extract and code their slice,
one loader that merges what they staged into the warehouse.

    plan    (warehouse machine)  poll the feeds, decide what to fetch, write the plan to the stage
    shard i (any machine)        fetch, extract and code the plan's entries whose host is its own
                                 (`keys.shard_of`), write each batch to the stage (Parquet)
    loader  (warehouse machine)  load every staged batch not loaded yet, each in one transaction
                                 recorded in raw.staged_batches; complete the refresh when every
                                 shard is done

`stage` is the staging directory's layout and file formats, `work` a shard's work, `load` the
loader; `flows/shards.py` runs them as Prefect flows (`refresh-sharded` fans the shards out with
`run_deployment`), `dipwatch plan | shard | load-staged` from the command line.
"""
