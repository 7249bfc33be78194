"""DhcpManager: per network a `qdhcp-<network id>` namespace wired to the
network's bridge by a veth pair, and exactly one dnsmasq serving the
static MAC→IP hosts file.

State lives in `<state_dir>/<network id>/` (pid, host, opts, leases).
dnsmasq runs detached from this process (it daemonizes), so a restart of
the service finds it through its pid file and adopts it when its command
line and namespace are still right; strays (a second dnsmasq with the same
pid file, or one of a network no longer served) are killed."""
import ipaddress
import os
import shutil
import threading
import time

from oslo_log import log as logging

from nova_lite.network.dhcp import dnsmasq_config
from nova_lite.network.linux import bridge as bridge_lib
from nova_lite.network.linux import executor
from nova_lite.network.linux import ip_lib
from nova_lite.network.linux import process

LOG = logging.getLogger(__name__)

NS_PREFIX = 'qdhcp-'
NS_DEV_PREFIX = 'ns-'
ROOT_DEV_PREFIX = 'tap'
FILES = ('pid', 'host', 'opts', 'leases')
WAIT_STEP = 0.05
WAIT_TRIES = 200


def namespace_name(network_id):
    return NS_PREFIX + network_id


def device_names(dhcp_port_id):
    """(root end on the bridge, namespace end) of the DHCP veth pair."""
    return (ROOT_DEV_PREFIX + dhcp_port_id[:11],
            NS_DEV_PREFIX + dhcp_port_id[:11])


def _write_if_changed(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except OSError:
        pass
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.chmod(tmp, 0o644)  # dnsmasq rereads it after dropping privileges
    os.replace(tmp, path)
    return True


def _check_traversable(path):
    """dnsmasq drops root privileges and then rereads its files: every
    directory above them must be searchable by others."""
    while path and path != os.sep:
        if not os.stat(path).st_mode & 0o001:
            LOG.warning('DHCP state dir: %s is not searchable by other '
                        'users; dnsmasq (unprivileged) cannot read its '
                        'hosts file there', path)
            return False
        path = os.path.dirname(path)
    return True


def _netns_inode(path):
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


class DhcpManager(object):
    def __init__(self, state_dir, domain=dnsmasq_config.DEFAULT_DOMAIN,
                 lease_duration=dnsmasq_config.DEFAULT_LEASE,
                 dnsmasq_binary='dnsmasq'):
        self.state_dir = os.path.abspath(state_dir)
        self.domain = domain
        self.lease_duration = lease_duration
        self.binary = dnsmasq_binary
        self._lock = threading.Lock()

    # -- paths and processes -------------------------------------------------

    def _dir(self, network_id):
        return os.path.join(self.state_dir, network_id)

    def _paths(self, network_id):
        base = self._dir(network_id)
        return {name: os.path.join(base, name) for name in FILES}

    def _our_dnsmasqs(self):
        """{pid: (network id, argv)} of every dnsmasq whose pid file is
        under our state dir."""
        prefix = '--pid-file=%s%s' % (self.state_dir, os.sep)
        found = {}
        for pid, argv in process.find(
                lambda argv: any(a.startswith(prefix) for a in argv)).items():
            if not os.path.basename(argv[0]).startswith('dnsmasq'):
                continue
            pid_arg = next(a for a in argv if a.startswith(prefix))
            network_id = os.path.basename(os.path.dirname(
                pid_arg[len('--pid-file='):]))
            found[pid] = (network_id, argv)
        return found

    def _kill_and_wait(self, pid):
        process.kill(pid)
        for _ in range(WAIT_TRIES):
            if process.cmdline(pid) is None:
                return
            time.sleep(WAIT_STEP)
        process.signal_pid(pid, 9)

    def dnsmasq_pid(self, network_id):
        """The pid of this network's running dnsmasq, or None."""
        pid = process.read_pid_file(self._paths(network_id)['pid'])
        if pid and pid in self._our_dnsmasqs():
            return pid
        return None

    # -- public interface ----------------------------------------------------

    def sync(self, networks):
        """Serve exactly `networks` (list of network entries, common.md);
        tear down every other network under our state dir."""
        with self._lock:
            if not os.path.isdir(self.state_dir):
                os.makedirs(self.state_dir, mode=0o755, exist_ok=True)
                _check_traversable(self.state_dir)
            wanted = set()
            failures = []
            for entry in networks:
                network_id = entry['network']['id']
                wanted.add(network_id)
                try:
                    self._sync_network(entry)
                except Exception as exc:
                    LOG.exception('DHCP for network %s failed', network_id)
                    failures.append((network_id, exc))
            known = {name for name in os.listdir(self.state_dir)
                     if os.path.isdir(os.path.join(self.state_dir, name))}
            known |= {net for net, _ in self._our_dnsmasqs().values()}
            for network_id in sorted(known - wanted):
                self._teardown(network_id)
            if failures:
                raise failures[0][1]

    def teardown(self, network_id):
        """Stop DHCP for `network_id`: dnsmasq, namespace, state files."""
        with self._lock:
            self._teardown(network_id)

    # -- one network -------------------------------------------------------

    def _sync_network(self, entry):
        network = entry['network']
        network_id = network['id']
        subnets = dnsmasq_config.dhcp_subnets(entry)
        dhcp_port = entry.get('dhcp_port')
        if not subnets or not dhcp_port:
            self._teardown(network_id)
            return
        namespace = namespace_name(network_id)
        self._wire(network, dhcp_port, entry.get('subnets') or [], namespace)
        os.makedirs(self._dir(network_id), mode=0o755, exist_ok=True)
        paths = self._paths(network_id)
        changed = _write_if_changed(
            paths['host'], dnsmasq_config.hosts_text(entry, self.domain))
        changed |= _write_if_changed(paths['opts'],
                                     dnsmasq_config.opts_text(entry))
        _root_dev, ns_dev = device_names(dhcp_port['id'])
        cmd = dnsmasq_config.command(entry, ns_dev, paths, self.domain,
                                     self.lease_duration, self.binary)
        self._ensure_dnsmasq(network_id, namespace, cmd, changed, ns_dev)

    def _release_stale_leases(self, network_id, ns_dev, running):
        """Forget the leases of MAC/IP pairs no longer served, so an
        address freed by one port can go to the next (as Neutron does
        with dhcp_release). A running dnsmasq is sent DHCPRELEASE on the
        client's behalf; before a start the lease file is rewritten."""
        paths = self._paths(network_id)
        try:
            with open(paths['leases']) as f:
                leases = f.read()
            with open(paths['host']) as f:
                hosts = f.read()
        except OSError:
            return
        stale = dnsmasq_config.stale_leases(leases, hosts)
        if not stale:
            return
        if not running:
            dropped = {line for _ip, _mac, _cid, line in stale}
            _write_if_changed(paths['leases'], ''.join(
                line + '\n' for line in leases.splitlines()
                if line not in dropped))
            return
        for ip, mac, client_id, _line in stale:
            cmd = ['dhcp_release', ns_dev, ip, mac]
            if client_id:
                cmd.append(client_id)
            LOG.info('Releasing the lease of %s (%s) on network %s', ip,
                     mac, network_id)
            executor.execute(cmd, namespace=namespace_name(network_id),
                             check=False)

    def _wire(self, network, dhcp_port, subnets, namespace):
        mtu = network.get('mtu')
        bridge = bridge_lib.ensure_bridge(
            bridge_lib.bridge_name(network['id']), mtu=mtu)
        ip_lib.ensure_netns(namespace)
        root_dev, ns_dev = device_names(dhcp_port['id'])
        ip_lib.ensure_veth(root_dev, ns_dev, namespace)
        ip_lib.disable_ipv6_addresses(root_dev)
        inner = ip_lib.get_link(ns_dev, namespace=namespace)
        mac = dhcp_port['mac_address'].lower()
        if inner.get('address', '').lower() != mac:
            ip_lib.set_address(ns_dev, mac, namespace=namespace)
        if mtu:
            if int(inner.get('mtu', 0)) != int(mtu):
                ip_lib.set_mtu(ns_dev, mtu, namespace=namespace)
            root = ip_lib.get_link(root_dev)
            if int(root.get('mtu', 0)) != int(mtu):
                ip_lib.set_mtu(root_dev, mtu)
        bridge_lib.plug(bridge, root_dev)
        prefixes = {s['id']: ipaddress.ip_network(s['cidr'],
                                                  strict=False).prefixlen
                    for s in subnets}
        cidrs = ['%s/%d' % (f['ip_address'], prefixes[f['subnet_id']])
                 for f in dhcp_port.get('fixed_ips') or []
                 if f.get('subnet_id') in prefixes]
        ip_lib.sync_addresses(ns_dev, cidrs, namespace=namespace)
        ip_lib.set_up(ns_dev, namespace=namespace)

    def _ensure_dnsmasq(self, network_id, namespace, cmd, changed, ns_dev):
        paths = self._paths(network_id)
        ns_inode = _netns_inode(os.path.join('/run/netns', namespace))
        recorded = process.read_pid_file(paths['pid'])
        adopted = None
        for pid, (net, argv) in sorted(self._our_dnsmasqs().items()):
            if net != network_id:
                continue
            good = (pid == recorded and argv[1:] == cmd[1:] and
                    _netns_inode('/proc/%d/ns/net' % pid) == ns_inode)
            if good and adopted is None:
                adopted = pid
            else:
                LOG.info('Stopping dnsmasq %s of network %s (%s)', pid,
                         network_id, 'stale' if pid == recorded else 'stray')
                self._kill_and_wait(pid)
        if adopted is not None:
            if changed:
                LOG.info('Reloading dnsmasq %s of network %s', adopted,
                         network_id)
                process.hup(adopted)
                self._release_stale_leases(network_id, ns_dev, True)
            return adopted
        self._release_stale_leases(network_id, ns_dev, False)
        return self._start(network_id, namespace, cmd)

    def _start(self, network_id, namespace, cmd):
        paths = self._paths(network_id)
        try:
            os.unlink(paths['pid'])
        except FileNotFoundError:
            pass
        # dnsmasq daemonizes: the command returns once it is serving (or
        # failed, with its error on stderr).
        executor.execute(cmd, namespace=namespace)
        for _ in range(WAIT_TRIES):
            pid = process.read_pid_file(paths['pid'])
            if pid:
                LOG.info('Started dnsmasq %s for network %s', pid,
                         network_id)
                return pid
            time.sleep(WAIT_STEP)
        raise RuntimeError('dnsmasq of network %s wrote no pid file'
                           % network_id)

    def _teardown(self, network_id):
        for pid, (net, _argv) in self._our_dnsmasqs().items():
            if net == network_id:
                LOG.info('Stopping dnsmasq %s of removed network %s', pid,
                         network_id)
                self._kill_and_wait(pid)
        ip_lib.delete_netns(namespace_name(network_id))
        # Deleting the namespace destroys the veth pair with its inner end.
        shutil.rmtree(self._dir(network_id), ignore_errors=True)
