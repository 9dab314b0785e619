"""Pieces every domain uses: time, numbering, pagination, templating helpers."""
