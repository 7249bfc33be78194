"""Plain-WSGI middleware of the Compute API pipeline (one concern each)."""
