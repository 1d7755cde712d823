"""Articles: HTML page -> article text and metadata."""
