"""Linux bridges of guest networks (`brq` + network id[:11]).

A bridge carries no address (no IPv4, no IPv6 link-local): the root
namespace must not be on any guest network."""
from nova_lite.network.linux import ip_lib

PREFIX = 'brq'


def bridge_name(network_id):
    return PREFIX + network_id[:11]


def ensure_bridge(name, mtu=None):
    """Bridge `name`: created if missing, STP off, forward delay 0, no
    address, up; `mtu` applied when given. Idempotent."""
    link = ip_lib.get_link(name)
    if link is None:
        ip_lib.ip(['link', 'add', 'name', name, 'type', 'bridge',
                    'stp_state', '0', 'forward_delay', '0'])
        ip_lib.disable_ipv6_addresses(name)
    else:
        ip_lib.ip(['link', 'set', 'dev', name, 'type', 'bridge',
                    'stp_state', '0', 'forward_delay', '0'])
    if mtu and (link is None or int(link.get('mtu', 0)) != int(mtu)):
        ip_lib.set_mtu(name, mtu)
    if link is None or 'UP' not in link.get('flags', []):
        ip_lib.set_up(name)
    for cidr in ip_lib.list_addresses(name, scope=None):
        ip_lib.delete_address(name, cidr)
    return name


def plug(bridge, device):
    """Enslave `device` to `bridge` and set it up (both idempotent)."""
    ip_lib.set_master(device, bridge)
    ip_lib.set_up(device)


def delete_bridge(name):
    """Remove bridge `name` if it exists (its ports are released)."""
    if ip_lib.link_exists(name):
        ip_lib.set_down(name)
        ip_lib.delete_link(name)
