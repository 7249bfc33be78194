"""Guest tap devices (`tap` + port id[:11]), as Nova's create_tap_dev
makes them: persistent (survive the guest), owned by root, up."""
from nova_lite.network.linux import ip_lib

PREFIX = 'tap'


def tap_name(port_id):
    return PREFIX + port_id[:11]


def ensure_tap(name, mtu=None, multiqueue=False):
    """Create persistent tap `name` if missing; set `mtu`; up; no address
    in the root namespace. Idempotent."""
    link = ip_lib.get_link(name)
    if link is None:
        cmd = ['tuntap', 'add', 'dev', name, 'mode', 'tap']
        if multiqueue:
            cmd.append('multi_queue')
        ip_lib.ip(cmd)
        ip_lib.disable_ipv6_addresses(name)
    if mtu and (link is None or int(link.get('mtu', 0)) != int(mtu)):
        ip_lib.set_mtu(name, mtu)
    ip_lib.set_up(name)
    return name


def delete_tap(name):
    """Remove tap `name` if it exists (Nova's delete_net_dev)."""
    ip_lib.delete_link(name)
