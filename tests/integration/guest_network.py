"""What a real guest on a nova_lite network shows and does, as the
network tests read it: the NIC lines the tiny test image prints on its
console, pings typed on its console, and pings from the network's
qdhcp- namespace (the only place on the host with an address on a guest
network)."""
import os
import re
import subprocess
import time

from tests.host_deps import libvirt
from tests.integration import deployment as deployment_mod

NIC_LINE = re.compile(
    r'^NOVA_LITE_TEST_GUEST_NIC=(\S+) (?:(gone)|(\S+) (\S+))\s*$')
PING_LINE = 'NOVA_LITE_TEST_GUEST_PING=%s '
DISK_LINE = re.compile(r'^NOVA_LITE_TEST_GUEST_DISK=(\S+) (\S+)\s*$')


def nics(console_text):
    """{ifname: (mac, address or None)} as the guest last reported them."""
    found = {}
    for line in console_text.splitlines():
        match = NIC_LINE.match(line.strip())
        if not match:
            continue
        name, gone, mac, addr = match.groups()
        if gone:
            found.pop(name, None)
        else:
            found[name] = (mac, None if addr == 'none' else addr)
    return found


def disks(console_text):
    """{dev: size in bytes} of the non-boot disks the guest last
    reported."""
    found = {}
    for line in console_text.splitlines():
        match = DISK_LINE.match(line.strip())
        if match:
            dev, size = match.groups()
            if size == 'gone':
                found.pop(dev, None)
            else:
                found[dev] = int(size)
    return found


def wait_for_address(read_console, mac, timeout=120):
    """The address the guest's NIC with `mac` got by DHCP."""
    def got():
        for found_mac, addr in nics(read_console()).values():
            if found_mac == mac and addr:
                return addr
        return None
    return deployment_mod.wait_for(got, timeout, poll=1)


def wait_until_gone(read_console, mac, timeout=60):
    deployment_mod.wait_for(
        lambda: mac not in {m for m, _a in nics(read_console()).values()},
        timeout, poll=1)


def console_command(server_id, command, answer_prefix, read_console,
                    timeout=60):
    """Type `command` on the guest's serial console; the first new
    console line starting with `answer_prefix` (stripped)."""
    def answers():
        return [line.strip() for line in read_console().splitlines()
                if line.startswith(answer_prefix)]
    before = len(answers())
    conn = libvirt.open('qemu:///system')
    try:
        dom = conn.lookupByUUIDString(server_id)
        stream = conn.newStream(libvirt.VIR_STREAM_NONBLOCK)
        dom.openConsole(None, stream, libvirt.VIR_DOMAIN_CONSOLE_FORCE)
        try:
            stream.send(('\n%s\n' % command).encode())
            result = deployment_mod.wait_for(
                lambda: answers()[before:] or None, timeout, poll=0.5)
        finally:
            try:
                stream.abort()
            except libvirt.libvirtError:
                pass
    finally:
        conn.close()
    return result[0]


def guest_ping(server_id, address, read_console, timeout=60):
    """True when the guest answers "ok" to `nova-lite-ping address` typed
    on its serial console."""
    answer = console_command(server_id, 'nova-lite-ping %s' % address,
                             PING_LINE % address, read_console, timeout)
    return answer.split()[-1] == 'ok'


def netns_ping(network_id, address, count=2):
    """True when `address` answers a ping sent from qdhcp-<network_id>."""
    proc = subprocess.run(
        ['ip', 'netns', 'exec', 'qdhcp-%s' % network_id, 'ping', '-c',
         str(count), '-W', '2', address],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode == 0


def wait_netns_ping(network_id, address, timeout=30):
    """Rules are applied by the agent within its polling interval."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if netns_ping(network_id, address, count=1):
            return True
        time.sleep(1)
    return False


def cleanup_host(dhcp_state_dir, network_ids, port_ids, nft_table):
    """Remove what a test deployment's network service and agent left on
    the host (DHCP keeps serving across a restart of the service, so its
    stop leaves dnsmasq running; taps outlive guests): dnsmasq and qdhcp-
    namespaces of the state directory, the ports' taps, the networks'
    bridges, the agent's nft tables."""
    from nova_lite.network.dhcp import manager as dhcp_manager
    from nova_lite.network.linux import bridge
    from nova_lite.network.linux import tap
    if os.path.isdir(dhcp_state_dir):
        dhcp_manager.DhcpManager(dhcp_state_dir).sync([])
    for port_id in port_ids:
        tap.delete_tap(tap.tap_name(port_id))
    for network_id in network_ids:
        bridge.delete_bridge(bridge.bridge_name(network_id))
    for family in ('bridge', 'inet'):
        subprocess.run(['nft', 'delete', 'table', family, nft_table],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
