"""Server diagnostics from libvirt, in Nova's two shapes.

get_diagnostics (before 2.48): a flat dict, as Nova's libvirt driver
returns it: cpu<N>_time, <disk>_read/_read_req/_write/_write_req/_errors,
<tap>_rx/_rx_packets/... per NIC, memory (KiB) and memory-<stat> from
the balloon. get_instance_diagnostics (2.48): the standard body of
nova_lite.virt.diagnostics with state, driver 'libvirt', hypervisor (the
virt_type), uptime since launched_at, CPU times, per-disk and per-NIC
counters and memory in MiB.

Mixed into LibvirtDriver (uses self._host).
"""
import xml.etree.ElementTree as ET

from oslo_utils import timeutils

from nova_lite.compute import power_state
from nova_lite import conf as nl_conf
from nova_lite.virt import diagnostics
from nova_lite.virt.libvirt import guest as vguest

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

CONF = nl_conf.CONF

STATE_NAMES = {
    power_state.NOSTATE: 'pending', power_state.RUNNING: 'running',
    power_state.PAUSED: 'paused', power_state.SHUTDOWN: 'shutdown',
    power_state.CRASHED: 'crashed', power_state.SUSPENDED: 'suspended',
}


def io_devices(xml):
    """(disk target devs, [(interface target dev, mac)]) of a domain."""
    root = ET.fromstring(xml)
    volumes = []
    for disk in root.findall('devices/disk'):
        target = disk.find('target')
        if target is not None and target.get('dev'):
            volumes.append(target.get('dev'))
    ifaces = []
    for iface in root.findall('devices/interface'):
        target = iface.find('target')
        mac = iface.find('mac')
        if target is not None and target.get('dev'):
            ifaces.append((target.get('dev'),
                           mac.get('address') if mac is not None else None))
    return volumes, ifaces


def _try(fn, *args):
    try:
        return fn(*args)
    except (libvirt.libvirtError, AttributeError):
        return None


def _vcpu_times(dom):
    info = _try(dom.vcpus)
    if not info:
        return []
    return [(vcpu[0], vcpu[2]) for vcpu in info[0]]


class DiagnosticsMixin(object):

    def get_diagnostics(self, instance):
        dom = self._host.get_domain(instance.uuid)
        output = {}
        for number, cpu_time in _vcpu_times(dom):
            output['cpu%d_time' % number] = cpu_time
        volumes, ifaces = io_devices(dom.XMLDesc(0))
        for dev in volumes:
            stats = _try(dom.blockStats, dev)
            if stats:
                for key, value in zip(('read_req', 'read', 'write_req',
                                       'write', 'errors'), stats):
                    output['%s_%s' % (dev, key)] = value
        for dev, _mac in ifaces:
            stats = _try(dom.interfaceStats, dev)
            if stats:
                for key, value in zip(('rx', 'rx_packets', 'rx_errors',
                                       'rx_drop', 'tx', 'tx_packets',
                                       'tx_errors', 'tx_drop'), stats):
                    output['%s_%s' % (dev, key)] = value
        output['memory'] = dom.maxMemory()
        for key, value in (_try(dom.memoryStats) or {}).items():
            output['memory-' + key] = value
        return output

    def get_instance_diagnostics(self, instance):
        dom = self._host.get_domain(instance.uuid)
        state, max_kib, cur_kib = dom.info()[:3]
        volumes, ifaces = io_devices(dom.XMLDesc(0))
        cpus = [diagnostics.cpu(number, time=cpu_time)
                for number, cpu_time in _vcpu_times(dom)]
        disk_details = []
        for dev in volumes:
            stats = _try(dom.blockStats, dev)
            if stats:
                disk_details.append(diagnostics.disk(
                    read_requests=stats[0], read_bytes=stats[1],
                    write_requests=stats[2], write_bytes=stats[3],
                    errors_count=stats[4]))
        nic_details = []
        for dev, mac in ifaces:
            stats = _try(dom.interfaceStats, dev)
            if stats:
                nic_details.append(diagnostics.nic(
                    mac_address=mac, rx_octets=stats[0],
                    rx_packets=stats[1], rx_errors=stats[2],
                    rx_drop=stats[3], tx_octets=stats[4],
                    tx_packets=stats[5], tx_errors=stats[6],
                    tx_drop=stats[7]))
        uptime = None
        if instance.obj_attr_is_set('launched_at') and instance.launched_at:
            uptime = int(timeutils.delta_seconds(
                timeutils.normalize_time(instance.launched_at),
                timeutils.utcnow()))
        config_drive = (instance.obj_attr_is_set('config_drive') and
                        bool(instance.config_drive))
        return diagnostics.standard(
            state=STATE_NAMES.get(vguest.to_power_state(state), 'pending'),
            driver='libvirt', hypervisor=CONF.libvirt.virt_type,
            hypervisor_os='linux', uptime=uptime, config_drive=config_drive,
            cpu_details=cpus, nic_details=nic_details,
            disk_details=disk_details, memory_max_mb=max_kib // 1024,
            memory_used_mb=cur_kib // 1024)
