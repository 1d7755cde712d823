"""Bundled sample input: a local RSS feed and the article pages it links (installed as dipwatch.seeds)."""
