"""Unit tests of dipwatch.events, one file per module."""
