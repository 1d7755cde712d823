"""Prefect flows and deployments (installed as dipwatch.flows)."""
