"""A read-only Placement API (microversions 1.0-1.39) over nova_lite's own
compute nodes and claims: resource providers are the compute nodes, their
inventories come from the nodes' reported capacity and allocation ratios,
allocations are the conductor's claims. Nothing here writes."""
