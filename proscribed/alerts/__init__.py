"""Alerts: Atom feeds of changes, signed webhooks, a watchlist of names."""
