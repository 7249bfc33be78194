"""DHCP port bookkeeping, as Neutron's DHCP agent side of the plugin:
each network with a DHCP-enabled subnet has one `network:dhcp` port
(device_id `dhcp-<network id>`, bound to this service's host, one address
per DHCP-enabled subnet), and after every change of a network's ports or
subnets the DhcpManager (nova_lite.network.dhcp) is given the whole
picture to converge on.

The work runs on one background thread: changes only mark a network
dirty, so API requests never wait for namespaces or dnsmasq."""
import threading
import uuid

from oslo_log import log as logging

from nova_lite import context as nl_context
from nova_lite.network import exceptions as exc
from nova_lite import objects

LOG = logging.getLogger(__name__)

# Every network is checked this often too (a change made elsewhere, e.g.
# by nova-lite-manage, or a lost wake-up, only waits this long).
RESYNC_INTERVAL = 30
DHCP_OWNER = 'network:dhcp'


def dhcp_device_id(network_id):
    return 'dhcp-%s' % network_id


def load_manager(conf):
    """The DhcpManager of nova_lite.network.dhcp (imported lazily: it
    drives namespaces and dnsmasq, and only a DHCP-serving process needs
    it)."""
    from nova_lite.network import dhcp
    return dhcp.DhcpManager(conf.network.dhcp_state_path,
                            domain=conf.network.dns_domain)


class _NoDhcp(object):
    """Stands in when nova_lite.network.dhcp is not installed."""

    def sync(self, networks):
        pass

    def teardown(self, network_id):
        pass


class DhcpSync(object):
    """`manager` has sync(networks) and teardown(network_id)."""

    def __init__(self, conf, manager=None):
        self.conf = conf
        self.host = conf.network.host
        self._manager = manager
        self._dirty = set()
        self._gone = set()
        self._full = True
        self._lock = threading.Condition()
        self._busy = False
        self._stopped = False
        self._thread = None

    @property
    def manager(self):
        if self._manager is None:
            try:
                self._manager = load_manager(self.conf)
            except ImportError as caught:
                LOG.warning('No DHCP: %s', caught)
                self._manager = _NoDhcp()
        return self._manager

    # -- what the events hub calls -------------------------------------------

    def network_changed(self, context, network_id):
        with self._lock:
            self._dirty.add(network_id)
            self._wake()

    def network_deleted(self, context, network_id):
        with self._lock:
            self._dirty.discard(network_id)
            self._gone.add(network_id)
            self._full = True
            self._wake()

    def resync(self):
        """Check every network (at start-up)."""
        with self._lock:
            self._full = True
            self._wake()

    def flush(self, timeout=30):
        """Wait until nothing is pending (tests)."""
        with self._lock:
            self._lock.wait_for(lambda: not self._dirty and not self._full
                                and not self._busy, timeout)

    # -- the worker -----------------------------------------------------------

    def stop(self):
        with self._lock:
            self._stopped = True
            self._lock.notify_all()

    def _wake(self):
        if self._stopped:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True,
                                            name='dhcp-sync')
            self._thread.start()
        self._lock.notify_all()

    def _run(self):
        context = nl_context.get_admin_context()
        while True:
            with self._lock:
                if not self._lock.wait_for(
                        lambda: self._dirty or self._full or self._stopped,
                        RESYNC_INTERVAL):
                    self._full = True
                if self._stopped:
                    return
                dirty, full = set(self._dirty), self._full
                gone = set(self._gone)
                self._dirty.clear()
                self._gone.clear()
                self._full = False
                self._busy = True
            try:
                for network_id in gone:
                    self.manager.teardown(network_id)
                self.sync(context, dirty, full)
            except Exception:
                LOG.exception('DHCP sync failed')
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()

    def sync(self, context, dirty=(), full=True):
        networks = objects.NetworkList.get_all(context)
        entries = []
        for network in networks:
            if full or network.id in dirty:
                port = self.ensure_port(context, network)
            else:
                port = self._dhcp_port(context, network.id)
            if port is not None:
                entries.append(self.entry(context, network, port))
        self.manager.sync(entries)

    # -- the DHCP port --------------------------------------------------------

    def _dhcp_port(self, context, network_id):
        ports = objects.PortList.get_all(context, {
            'network_id': network_id, 'device_owner': DHCP_OWNER})
        return ports[0] if len(ports) else None

    def ensure_port(self, context, network):
        """The network's DHCP port, made or fixed to have one address per
        DHCP-enabled subnet; None (and none left) without such subnets."""
        subnets = [s for s in objects.SubnetList.get_all(
            context, {'network_id': network.id}) if s.enable_dhcp]
        port = self._dhcp_port(context, network.id)
        if not subnets:
            if port is not None:
                port.destroy()
            return None
        wanted = {s.id for s in subnets}
        if port is None:
            port = objects.Port(
                context, id=str(uuid.uuid4()), network_id=network.id,
                project_id=network.project_id, name='', description='',
                device_owner=DHCP_OWNER,
                device_id=dhcp_device_id(network.id),
                binding_host_id=self.host, binding_vif_type='tap',
                binding_vif_details={'port_filter': False},
                binding_profile={}, binding_vnic_type='normal',
                admin_state_up=True, status='ACTIVE',
                port_security_enabled=False, security_groups=[],
                fixed_ips=[{'subnet_id': s} for s in sorted(wanted)])
            try:
                port.create()
            except exc.IpAddressGenerationFailure:
                LOG.warning('No address left for the DHCP port of network '
                            '%s', network.id)
                return None
            LOG.info('DHCP port %s of network %s', port.id, network.id)
            return port
        held = [ip for ip in port.fixed_ips if ip['subnet_id'] in wanted]
        have = {ip['subnet_id'] for ip in held}
        if have != wanted or len(held) != len(port.fixed_ips):
            port.fixed_ips = held + [{'subnet_id': s} for s in
                                     sorted(wanted - have)]
            try:
                port.save()
            except exc.IpAddressGenerationFailure:
                LOG.warning('No address left for the DHCP port of network '
                            '%s', network.id)
                return self._dhcp_port(context, network.id)
        return port

    def entry(self, context, network, dhcp_port):
        from nova_lite.network.service import views
        subnets = objects.SubnetList.get_all(context,
                                             {'network_id': network.id})
        others = [p for p in objects.PortList.get_all(
            context, {'network_id': network.id}) if p.id != dhcp_port.id]
        return {'network': views.network(network),
                'subnets': [views.subnet(s) for s in subnets],
                'dhcp_port': views.port(dhcp_port),
                'ports': [views.port(p) for p in others]}
