"""Ingest: polling feeds and fetching the pages they link to (HTTP, robots.txt, local files)."""
