"""`ip` wrappers: network namespaces, links, veth pairs, addresses.

Queries use `ip -j` (JSON). Every function takes `namespace=None` (the root
namespace) where it makes sense; nothing here keeps state."""
import json

from nova_lite.network.linux import executor


def ip(args, namespace=None, check=True, json_out=False):
    cmd = ['ip'] + (['-j'] if json_out else []) + list(args)
    out = executor.execute(cmd, namespace=namespace, check=check)
    if not json_out:
        return out
    out = (out or '').strip()
    return json.loads(out) if out else []


def _try_ip(args, namespace=None):
    return executor.try_execute(['ip'] + list(args), namespace=namespace)


# -- namespaces --------------------------------------------------------------

def list_netns():
    return [ns['name'] for ns in ip(['netns', 'list'], json_out=True)]


def netns_exists(name):
    return name in list_netns()


def ensure_netns(name):
    """Create namespace `name` if missing; its loopback is up either way."""
    if not netns_exists(name):
        ip(['netns', 'add', name])
    set_up('lo', namespace=name)


def delete_netns(name):
    if netns_exists(name):
        ip(['netns', 'delete', name])


def netns_exec(name, cmd, check=True, input=None):
    """Run `cmd` inside namespace `name`; its stdout."""
    return executor.execute(cmd, namespace=name, check=check, input=input)


# -- links -------------------------------------------------------------------

def list_links(namespace=None):
    """Every link as `ip -j link show` reports it (ifname, mtu, master,
    address, flags, operstate, ...)."""
    return ip(['link', 'show'], namespace=namespace, json_out=True)


def get_link(name, namespace=None):
    """The link dict of device `name`, or None when it does not exist."""
    for link in list_links(namespace=namespace):
        if link.get('ifname') == name:
            return link
    return None


def link_exists(name, namespace=None):
    return get_link(name, namespace=namespace) is not None


def set_up(name, namespace=None):
    ip(['link', 'set', 'dev', name, 'up'], namespace=namespace)


def set_down(name, namespace=None):
    ip(['link', 'set', 'dev', name, 'down'], namespace=namespace)


def set_mtu(name, mtu, namespace=None):
    ip(['link', 'set', 'dev', name, 'mtu', int(mtu)], namespace=namespace)


def set_address(name, mac, namespace=None):
    ip(['link', 'set', 'dev', name, 'address', mac], namespace=namespace)


def set_master(name, master, namespace=None):
    """Enslave `name` to bridge `master` (a no-op when it already is)."""
    link = get_link(name, namespace=namespace)
    if link is not None and link.get('master') == master:
        return
    ip(['link', 'set', 'dev', name, 'master', master], namespace=namespace)


def set_nomaster(name, namespace=None):
    ip(['link', 'set', 'dev', name, 'nomaster'], namespace=namespace)


def disable_ipv6_addresses(name, namespace=None):
    """No IPv6 link-local address on `name` (root-namespace links of guest
    networks carry no address at all). Best effort: a kernel without IPv6
    has nothing to disable."""
    ip(['link', 'set', 'dev', name, 'addrgenmode', 'none'],
        namespace=namespace, check=False)


def delete_link(name, namespace=None):
    """Delete device `name` if it exists. A device that goes away between
    the check and the delete (libvirt removes a guest's tap when the guest
    stops) counts as deleted."""
    if not link_exists(name, namespace=namespace):
        return
    try:
        ip(['link', 'delete', 'dev', name], namespace=namespace)
    except executor.CommandError:
        if link_exists(name, namespace=namespace):
            raise


def ensure_veth(name, peer, peer_namespace):
    """A veth pair: `name` in the root namespace, `peer` in
    `peer_namespace`. Left alone when both ends already exist; a half pair
    (one end lost) is replaced."""
    root = get_link(name)
    inside = get_link(peer, namespace=peer_namespace)
    if root is not None and inside is not None:
        return
    if root is not None:
        delete_link(name)
    if inside is not None:
        delete_link(peer, namespace=peer_namespace)
    ip(['link', 'add', 'name', name, 'type', 'veth', 'peer', 'name', peer,
         'netns', peer_namespace])


# -- addresses ---------------------------------------------------------------

def list_addresses(name, namespace=None, scope='global'):
    """`['10.0.0.2/24', ...]` configured on `name` (global scope only by
    default, so IPv6 link-local addresses do not count)."""
    result = []
    for entry in ip(['addr', 'show', 'dev', name], namespace=namespace,
                     json_out=True):
        for addr in entry.get('addr_info', []):
            if scope and addr.get('scope') != scope:
                continue
            result.append('%s/%s' % (addr['local'], addr['prefixlen']))
    return result


def add_address(name, cidr, namespace=None):
    ip(['addr', 'add', cidr, 'dev', name], namespace=namespace)


def delete_address(name, cidr, namespace=None):
    ip(['addr', 'del', cidr, 'dev', name], namespace=namespace)


def sync_addresses(name, cidrs, namespace=None):
    """Make the global addresses of `name` exactly `cidrs`."""
    wanted = list(dict.fromkeys(cidrs))
    current = list_addresses(name, namespace=namespace)
    for cidr in current:
        if cidr not in wanted:
            delete_address(name, cidr, namespace=namespace)
    for cidr in wanted:
        if cidr not in current:
            add_address(name, cidr, namespace=namespace)
