"""Queued notifications (an outbox, sent by the worker)."""
