"""Web layer: the home page."""
