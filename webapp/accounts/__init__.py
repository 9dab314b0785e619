"""Records layer: customer accounts, their contacts and account teams."""
