"""Customer cases: search, forms and work notes."""
