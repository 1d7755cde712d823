"""Warehouse DDL: numbered migrations and the JSON Schema of records (installed as dipwatch.schemas)."""
