"""Customer accounts, their contacts and account teams."""
