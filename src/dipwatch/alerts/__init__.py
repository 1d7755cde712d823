"""Watchlists and alerts: clusters that match a watchlist, recorded once and sent once."""
