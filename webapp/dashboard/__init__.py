"""Web layer: the managers' dashboard, its figures and the JSON its charts are drawn from."""
