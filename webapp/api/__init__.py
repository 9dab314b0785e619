"""The JSON API under /api, with HTTP Basic authentication."""
