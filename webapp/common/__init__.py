"""Core layer: what every domain uses (time, numbering, pagination, hooks, templating)."""
