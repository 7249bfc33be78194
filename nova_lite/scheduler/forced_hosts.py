"""Nova's legacy forced placement (availability_zone "zone:host:node",
admins only): the request spec's force_hosts / force_nodes pick the
hosts, and the filters are skipped for them, as in Nova's host manager."""


def forced(host_states, spec):
    """(host states, True) when the request forces hosts or nodes, else
    (host_states, False)."""
    hosts = set(spec.get('force_hosts') or ())
    nodes = set(spec.get('force_nodes') or ())
    if not hosts and not nodes:
        return host_states, False
    chosen = [h for h in host_states
              if (not hosts or h.host in hosts) and
              (not nodes or h.nodename in nodes)]
    return chosen, True
