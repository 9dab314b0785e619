"""Administration pages: users and groups."""
