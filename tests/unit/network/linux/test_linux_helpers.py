import pytest

from nova_lite.network.linux import bridge
from nova_lite.network.linux import executor
from nova_lite.network.linux import ip_lib
from nova_lite.network.linux import tap


def test_execute_raises_with_stderr(host):
    host.fail[('ip', 'link', 'set')] = (2, 'Cannot find device')
    with pytest.raises(executor.CommandError) as exc:
        ip_lib.set_up('nope')
    assert 'Cannot find device' in str(exc.value)
    assert exc.value.returncode == 2


def test_execute_in_namespace_prefixes_ip_netns_exec(host):
    ip_lib.netns_exec('qdhcp-x', ['ping', '-c1', '10.0.0.3'])
    assert host.ran() == ['ip netns exec qdhcp-x ping -c1 10.0.0.3']


def test_ensure_bridge_creates_missing_bridge(host):
    bridge.ensure_bridge('brq0123456789a', mtu=1450)
    assert host.ran() == [
        'ip link add name brq0123456789a type bridge stp_state 0 '
        'forward_delay 0',
        'ip link set dev brq0123456789a addrgenmode none',
        'ip link set dev brq0123456789a mtu 1450',
        'ip link set dev brq0123456789a up',
    ]


def test_ensure_bridge_existing_is_idempotent(host):
    host.links[(None, 'brqx')] = {'mtu': 1500, 'flags': ['UP']}
    bridge.ensure_bridge('brqx')
    assert host.ran() == [
        'ip link set dev brqx type bridge stp_state 0 forward_delay 0']


def test_ensure_bridge_removes_addresses(host):
    host.links[(None, 'brqx')] = {'mtu': 1500, 'flags': ['UP']}
    host.addresses[(None, 'brqx')] = ['10.0.0.1/24']
    bridge.ensure_bridge('brqx')
    assert 'ip addr del 10.0.0.1/24 dev brqx' in host.ran()


def test_bridge_name_uses_eleven_characters():
    assert bridge.bridge_name('0123456789abcdef') == 'brq0123456789a'
    assert tap.tap_name('0123456789abcdef') == 'tap0123456789a'


def test_ensure_tap_creates_persistent_tap(host):
    tap.ensure_tap('tap0123456789a', mtu=1400)
    assert host.ran() == [
        'ip tuntap add dev tap0123456789a mode tap',
        'ip link set dev tap0123456789a addrgenmode none',
        'ip link set dev tap0123456789a mtu 1400',
        'ip link set dev tap0123456789a up',
    ]


def test_ensure_tap_existing_only_set_up(host):
    host.links[(None, 'tapx')] = {'mtu': 1400, 'flags': []}
    tap.ensure_tap('tapx', mtu=1400)
    assert host.ran() == ['ip link set dev tapx up']


def test_set_master_skips_when_enslaved(host):
    host.links[(None, 'tapx')] = {'master': 'brqx'}
    ip_lib.set_master('tapx', 'brqx')
    ip_lib.set_master('tapx', 'brqy')
    assert host.ran() == ['ip link set dev tapx master brqy']


def test_ensure_netns_creates_and_brings_lo_up(host):
    ip_lib.ensure_netns('qdhcp-n')
    host.netns.append('qdhcp-n')
    ip_lib.ensure_netns('qdhcp-n')
    assert host.ran() == [
        'ip netns add qdhcp-n',
        'ip netns exec qdhcp-n ip link set dev lo up',
        'ip netns exec qdhcp-n ip link set dev lo up',
    ]


def test_ensure_veth_replaces_half_pair(host):
    host.links[(None, 'tapd')] = {}
    ip_lib.ensure_veth('tapd', 'ns-d', 'qdhcp-n')
    assert host.ran() == [
        'ip link delete dev tapd',
        'ip link add name tapd type veth peer name ns-d netns qdhcp-n',
    ]


class _VanishingTap(object):
    """A host where libvirt removes the tap between our look and our
    delete."""

    def __init__(self, host):
        self.host = host

    def __call__(self, cmd, input=None):
        if cmd[:3] == ['ip', 'link', 'delete']:
            self.host.links.pop((None, cmd[-1]), None)
            self.host.commands.append((list(cmd), input))
            return 1, '', 'Cannot find device "%s"' % cmd[-1]
        return self.host(cmd, input)


def test_delete_link_of_a_tap_that_vanished_meanwhile_succeeds(host):
    host.links[(None, 'tapv')] = {}
    executor.set_runner(_VanishingTap(host))
    tap.delete_tap('tapv')
    assert host.ran() == ['ip link delete dev tapv']


def test_delete_link_that_stays_raises(host):
    host.links[(None, 'tapv')] = {}
    host.fail[('ip', 'link', 'delete')] = (2, 'Operation not permitted')
    with pytest.raises(executor.CommandError):
        tap.delete_tap('tapv')


def test_ensure_veth_leaves_whole_pair(host):
    host.links[(None, 'tapd')] = {}
    host.links[('qdhcp-n', 'ns-d')] = {}
    ip_lib.ensure_veth('tapd', 'ns-d', 'qdhcp-n')
    assert host.ran() == []


def test_sync_addresses(host):
    host.addresses[('ns', 'ns-d')] = ['10.0.0.2/24', '10.1.0.2/24']
    ip_lib.sync_addresses('ns-d', ['10.0.0.2/24', '10.2.0.2/24'],
                          namespace='ns')
    assert host.ran() == [
        'ip netns exec ns ip addr del 10.1.0.2/24 dev ns-d',
        'ip netns exec ns ip addr add 10.2.0.2/24 dev ns-d',
    ]
