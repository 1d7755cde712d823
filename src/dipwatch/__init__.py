"""dipwatch: news feeds -> articles -> PLOVER diplomacy events -> DuckDB."""

__version__ = "0.1.0"
