"""Escalations layer: process instances of escalations and the human tasks they wait on."""
