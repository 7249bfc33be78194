"""The per-host network agent (nova-lite-network-agent)."""
