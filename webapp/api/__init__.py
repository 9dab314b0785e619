"""Web layer: the JSON API under /api, with HTTP Basic authentication."""
