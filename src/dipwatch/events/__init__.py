"""Event extraction: actors, triggers, dates, places and amounts from article text."""
