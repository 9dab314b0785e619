"""Engine layer: SpiffWorkflow behind a small, safe API. Imports neither Flask nor SQLAlchemy."""
