"""Networking: the Neutron v2.0 client the compute side uses (neutron),
the network_info model (model) and the Network API (api)."""
