"""Real-Linux helpers for the network tests: the host tools (installed by
tools/install-network.sh when missing; a test fails, never skips, when they
stay missing), fake guests in namespaces, pings from qdhcp- namespaces."""
import os
import shutil
import subprocess
import uuid

import pytest

TOOLS = os.path.join(os.path.dirname(__file__), '..', '..', 'tools')
NEEDED = ('ip', 'nft', 'dnsmasq', 'dhcp_release', 'conntrack', 'busybox',
          'ping')

UDHCPC_SCRIPT = """#!/bin/sh
case "$1" in bound|renew) ;; *) exit 0 ;; esac
ip addr flush dev "$interface"
ip addr add "$ip/$mask" dev "$interface"
env | grep -E '^(ip|mask|router|mtu|dns|domain|hostname|staticroutes)=' \
    > "%(out)s"
"""


def require_network_tools():
    """Root and the tools, installing them if needed; else pytest.fail."""
    if os.geteuid() != 0:
        pytest.fail('network tests need root (namespaces, nftables)',
                    pytrace=False)
    if any(shutil.which(t) is None for t in NEEDED):
        proc = subprocess.run([os.path.join(TOOLS, 'install-network.sh')],
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            pytest.fail('tools/install-network.sh failed:\n' + proc.stdout,
                        pytrace=False)
    missing = [t for t in NEEDED if shutil.which(t) is None]
    if missing:
        pytest.fail('%s missing after tools/install-network.sh'
                    % ', '.join(missing), pytrace=False)


def run(cmd, check=True, **kw):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, **kw)
    if check and proc.returncode != 0:
        raise AssertionError('%s failed (rc=%s):\n%s' % (
            ' '.join(cmd), proc.returncode, proc.stdout))
    return proc


def ping(namespace, ip, count=1, wait=1):
    """True when `ip` answers an echo request sent from `namespace`."""
    return run(['ip', 'netns', 'exec', namespace, 'ping', '-n', '-c',
                str(count), '-W', str(wait), ip], check=False).returncode == 0


class FakeGuest(object):
    """A namespace standing in for a VM: its NIC `eth0` (the port's MAC)
    is one end of a veth whose root end is the port's tap name, on the
    network's bridge. It asks for an address with busybox udhcpc."""

    def __init__(self, workdir, port_id, mac, bridge, mtu=None):
        self.namespace = 'nltest-guest-%s' % uuid.uuid4().hex[:8]
        self.tap = 'tap' + port_id[:11]
        self.workdir = workdir
        run(['ip', 'netns', 'add', self.namespace])
        run(['ip', 'link', 'add', 'name', self.tap, 'type', 'veth', 'peer',
             'name', 'eth0', 'netns', self.namespace])
        run(['ip', 'link', 'set', 'dev', self.tap, 'addrgenmode', 'none'])
        ns = ['ip', 'netns', 'exec', self.namespace]
        run(ns + ['ip', 'link', 'set', 'dev', 'eth0', 'address', mac])
        if mtu:
            run(ns + ['ip', 'link', 'set', 'dev', 'eth0', 'mtu', str(mtu)])
            run(['ip', 'link', 'set', 'dev', self.tap, 'mtu', str(mtu)])
        run(ns + ['ip', 'link', 'set', 'dev', 'lo', 'up'])
        run(ns + ['ip', 'link', 'set', 'dev', 'eth0', 'up'])
        run(['ip', 'link', 'set', 'dev', self.tap, 'master', bridge])
        run(['ip', 'link', 'set', 'dev', self.tap, 'up'])

    def exec(self, cmd, check=True):
        return run(['ip', 'netns', 'exec', self.namespace] + list(cmd),
                   check=check)

    def dhcp(self):
        """Run udhcpc once; the options it was given ({} if none)."""
        out = os.path.join(self.workdir, self.namespace + '.lease')
        script = os.path.join(self.workdir, self.namespace + '.sh')
        with open(script, 'w') as f:
            f.write(UDHCPC_SCRIPT % {'out': out})
        os.chmod(script, 0o755)
        if os.path.exists(out):
            os.unlink(out)
        self.exec(['busybox', 'udhcpc', '-i', 'eth0', '-f', '-q', '-n',
                   '-t', '5', '-T', '1', '-s', script], check=False)
        if not os.path.exists(out):
            return {}
        with open(out) as f:
            return dict(line.rstrip('\n').split('=', 1) for line in f
                        if '=' in line)

    def set_address(self, cidr):
        self.exec(['ip', 'addr', 'flush', 'dev', 'eth0'])
        self.exec(['ip', 'addr', 'add', cidr, 'dev', 'eth0'])

    def ping(self, ip):
        return ping(self.namespace, ip)

    def delete(self):
        run(['ip', 'netns', 'delete', self.namespace], check=False)
        run(['ip', 'link', 'delete', 'dev', self.tap], check=False)
