"""Work notes and comments on cases and accounts."""
