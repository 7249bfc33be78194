"""Block storage (Cinder) for nova_lite."""
