"""Web layer: demo data and the command that loads it."""
