"""Core layer: the append-only audit log."""
