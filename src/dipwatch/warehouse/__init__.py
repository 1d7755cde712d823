"""Warehouse: the DuckDB connection, migrations, raw loads, clusters and marts."""
