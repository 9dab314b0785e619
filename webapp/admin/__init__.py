"""Web layer: administration pages for users and groups."""
