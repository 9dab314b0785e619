"""Users, roles, groups, logging in and out."""
