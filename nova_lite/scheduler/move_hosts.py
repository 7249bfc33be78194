"""Host restrictions a move operation puts on the request spec before any
filter runs (Nova's host manager does the same): `ignore_hosts` (the
current host of a resize, unless allow_resize_to_same_host) and
`requested_destination` ({'host': ..., 'node': ...}: a cold migration to
a chosen host, 2.56; the filters still check it)."""


def restrict(host_states, spec):
    ignore = set(spec.get('ignore_hosts') or ())
    if ignore:
        host_states = [h for h in host_states if h.host not in ignore]
    wanted = spec.get('requested_destination') or {}
    if wanted.get('host'):
        host_states = [h for h in host_states if h.host == wanted['host']]
    if wanted.get('node'):
        host_states = [h for h in host_states
                       if h.nodename == wanted['node']]
    return host_states
