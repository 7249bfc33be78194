"""Queries by area; nova_lite.db.api re-exports the public ones."""
