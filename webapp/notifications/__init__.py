"""Core layer: queued notifications (an outbox, sent by the worker)."""
