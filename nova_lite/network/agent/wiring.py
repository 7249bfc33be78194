"""One sync of this host: which ports are here, their taps on their
bridges, the firewall, and what must be reported up or down.

No RPC and no threads here (see manager.py): given the port details the
network service answered, make the host match them."""
from oslo_log import log as logging

from nova_lite.network.linux import bridge as bridge_lib
from nova_lite.network.linux import ip_lib
from nova_lite.network.linux import tap as tap_lib

LOG = logging.getLogger(__name__)


def local_taps():
    """Names of the tap* devices in the root namespace."""
    return {link['ifname'] for link in ip_lib.list_links()
            if link.get('ifname', '').startswith(tap_lib.PREFIX)}


class HostWiring(object):
    def __init__(self, host, firewall, physical_interface=None):
        self.host = host
        self.firewall = firewall
        self.physical_interface = physical_interface or None
        self._physical_bridge = None
        self._bridges = {}

    def apply(self, details, taps):
        """Wire every bound port of `details` whose tap is in `taps`;
        replace the firewall with their rules. Returns the ids of the
        ports now wired and up."""
        wired = []
        self._bridges = {}  # this sync's ensured bridges, by network id
        for detail in details:
            port = detail['port']
            if port.get('binding:host_id') not in (None, self.host):
                continue
            tap = tap_lib.tap_name(port['id'])
            if tap not in taps:
                continue
            try:
                if self._wire(detail, tap):
                    wired.append(detail)
            except Exception:
                if not ip_lib.link_exists(tap):
                    # Its guest went (deleted, unplugged, moved) since the
                    # taps were listed: nothing to wire.
                    LOG.info('Port %s: %s is gone, not wired', port['id'],
                             tap)
                    continue
                LOG.exception('Wiring port %s (%s) failed', port['id'], tap)
        self.firewall.sync(wired)
        return [d['port']['id'] for d in wired]

    def _wire(self, detail, tap):
        port = detail['port']
        network = detail.get('network') or {'id': port['network_id']}
        bridge = self._bridges.get(network['id'])
        if bridge is None:
            bridge = bridge_lib.ensure_bridge(
                bridge_lib.bridge_name(network['id']),
                mtu=network.get('mtu'))
            self._bridges[network['id']] = bridge
            self._plug_physical(bridge)
        ip_lib.set_master(tap, bridge)
        if port.get('admin_state_up') is False:
            ip_lib.set_down(tap)
            return False
        ip_lib.set_up(tap)
        return True

    def _plug_physical(self, bridge):
        if not self.physical_interface or self._physical_bridge:
            return
        link = ip_lib.get_link(self.physical_interface)
        if link is None:
            LOG.warning('physical_interface %s does not exist',
                        self.physical_interface)
            return
        if not link.get('master'):
            ip_lib.set_master(self.physical_interface, bridge)
            ip_lib.set_up(self.physical_interface)
        self._physical_bridge = link.get('master') or bridge
