"""Core layer: users, roles, groups, logging in and out."""
