"""Core layer: work notes and comments on cases and accounts."""
