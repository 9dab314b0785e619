"""Demo data and the commands that load it."""
