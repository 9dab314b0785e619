"""Records layer: customer cases, their search, forms and work notes."""
