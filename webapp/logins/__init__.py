"""Signing in: throttling wrong passwords at the login form and the API."""
