"""Domain XML, one feature at a time (no libvirtd needed)."""
import xml.etree.ElementTree as ET

import pytest

from nova_lite.virt.libvirt import config
from tests.unit.virt.libvirt import fakes

NS = {'nova': config.NOVA_NS}


def build(instance=None, image_meta=None, disks=None, **kw):
    xml = config.domain_xml(instance or fakes.instance(),
                            fakes.image_meta() if image_meta is None
                            else image_meta,
                            disks or [fakes.disk()], **kw)
    return ET.fromstring(xml)


def test_domain_type_follows_virt_type():
    assert build(virt_type='kvm').get('type') == 'kvm'
    assert build(virt_type='qemu').get('type') == 'qemu'


def test_uuid_name_vcpus_memory():
    dom = build(name='instance-0000000a')
    assert dom.findtext('uuid') == fakes.INSTANCE_UUID
    assert dom.findtext('name') == 'instance-0000000a'
    assert dom.findtext('vcpu') == '2'
    assert dom.find('memory').get('unit') == 'KiB'
    assert dom.findtext('memory') == str(128 * 1024)
    assert dom.findtext('currentMemory') == str(128 * 1024)


def test_metadata_carries_name_flavor_owner_image():
    meta = build().find('metadata/nova:instance', NS)
    assert meta is not None
    assert meta.findtext('nova:name', namespaces=NS) == 'vm one'
    flavor = meta.find('nova:flavor', NS)
    assert flavor.get('name') == 'm1.tiny'
    assert flavor.findtext('nova:memory', namespaces=NS) == '128'
    assert flavor.findtext('nova:vcpus', namespaces=NS) == '2'
    assert meta.find('nova:owner/nova:project', NS).get('uuid') == 'proj'
    assert meta.find('nova:owner/nova:user', NS).get('uuid') == 'user'
    root = meta.find('nova:root', NS)
    assert root.get('type') == 'image'
    assert root.get('uuid') == fakes.IMAGE_ID


def test_sysinfo_identifies_openstack():
    dom = build()
    entries = {e.get('name'): e.text
               for e in dom.findall('sysinfo/system/entry')}
    assert dom.find('sysinfo').get('type') == 'smbios'
    assert entries['manufacturer'] == 'OpenStack Foundation'
    assert entries['product'] == 'OpenStack Nova'
    assert entries['uuid'] == fakes.INSTANCE_UUID
    assert dom.find('os/smbios').get('mode') == 'sysinfo'


def test_os_machine_type_and_boot():
    dom = build(arch='x86_64', machine='q35')
    os_type = dom.find('os/type')
    assert os_type.text == 'hvm'
    assert os_type.get('arch') == 'x86_64'
    assert os_type.get('machine') == 'q35'
    assert dom.find('os/boot').get('dev') == 'hd'
    assert build(arch='x86_64').find('os/type').get('machine') == 'pc'


def test_machine_type_resolution():
    assert config.machine_type('x86_64', {'hw_machine_type': 'q35'},
                               ['x86_64=pc-i440fx-7.2']) == 'q35'
    assert config.machine_type('x86_64', {}, ['aarch64=virt',
                                              'x86_64=pc-i440fx-7.2']) == \
        'pc-i440fx-7.2'
    assert config.machine_type('x86_64', {}, None) == 'pc'
    assert config.machine_type('aarch64', {}, []) == 'virt'


def test_machine_type_from_image_property():
    meta = fakes.image_meta(hw_machine_type='q35')
    props = config.image_properties(meta)
    assert config.machine_type('x86_64', props, None) == 'q35'


def test_acpi_and_apic():
    features = build().find('features')
    assert features.find('acpi') is not None
    assert features.find('apic') is not None


def test_cpu_host_model_for_kvm():
    cpu = build(virt_type='kvm').find('cpu')
    assert cpu.get('mode') == 'host-model'
    assert cpu.find('topology').attrib == {'sockets': '2', 'cores': '1',
                                           'threads': '1'}


def test_cpu_none_for_qemu():
    cpu = build(virt_type='qemu').find('cpu')
    assert cpu.get('mode') is None
    assert cpu.find('model') is None
    assert cpu.find('topology').get('sockets') == '2'


def test_cpu_mode_override():
    assert build(virt_type='qemu', cpu_mode='host-passthrough').find(
        'cpu').get('mode') == 'host-passthrough'
    assert build(virt_type='kvm', cpu_mode='none').find('cpu').get(
        'mode') is None
    cpu = build(virt_type='kvm', cpu_mode='custom',
                cpu_models=['Nehalem']).find('cpu')
    assert cpu.get('mode') == 'custom'
    assert cpu.findtext('model') == 'Nehalem'


def test_clock_and_lifecycle_actions():
    dom = build()
    assert dom.find('clock').get('offset') == 'utc'
    timers = {t.get('name'): t.attrib for t in dom.findall('clock/timer')}
    assert timers['pit']['tickpolicy'] == 'delay'
    assert timers['rtc']['tickpolicy'] == 'catchup'
    assert timers['hpet']['present'] == 'no'
    assert dom.findtext('on_poweroff') == 'destroy'
    assert dom.findtext('on_reboot') == 'restart'
    assert dom.findtext('on_crash') == 'destroy'


def test_windows_clock_is_localtime():
    dom = build(image_meta=fakes.image_meta(os_type='windows'))
    assert dom.find('clock').get('offset') == 'localtime'


def test_virtio_disks_in_order():
    disks = [fakes.disk('/i/disk', 'vda'),
             fakes.disk('/i/disk.eph0', 'vdb'),
             fakes.disk('/i/disk.swap', 'vdc')]
    elems = build(disks=disks).findall('devices/disk')
    assert [d.find('source').get('file') for d in elems] == [
        '/i/disk', '/i/disk.eph0', '/i/disk.swap']
    assert [d.find('target').get('dev') for d in elems] == [
        'vda', 'vdb', 'vdc']
    first = elems[0]
    assert first.get('type') == 'file' and first.get('device') == 'disk'
    assert first.find('driver').attrib == {'name': 'qemu', 'type': 'qcow2'}
    assert first.find('target').get('bus') == 'virtio'
    assert build().find('devices/controller') is None


def test_scsi_disk_bus_adds_virtio_scsi_controller():
    dom = build(disks=[fakes.disk(dev='sda', bus='scsi')])
    controller = dom.find('devices/controller')
    assert controller.get('type') == 'scsi'
    assert controller.get('model') == 'virtio-scsi'
    assert dom.find('devices/disk/target').attrib == {'dev': 'sda',
                                                      'bus': 'scsi'}


def test_raw_disk_driver_type():
    dom = build(disks=[fakes.disk(fmt='raw')])
    assert dom.find('devices/disk/driver').get('type') == 'raw'


def test_disk_dev_names():
    assert config.disk_dev_name('virtio', 0) == 'vda'
    assert config.disk_dev_name('virtio', 2) == 'vdc'
    assert config.disk_dev_name('scsi', 1) == 'sdb'
    assert config.disk_dev_name('ide', 0) == 'hda'
    assert config.disk_dev_name('virtio', 26) == 'vdaa'


def test_no_nic_without_network_info():
    assert build().find('devices/interface') is None
    assert build(network_info=[]).find('devices/interface') is None


def test_nic_only_for_vifs_with_a_bridge():
    vifs = [{'id': 'abcdef01-2345-6789', 'address': 'fa:16:3e:00:00:01',
             'network': {'bridge': 'br-nl0', 'meta': {'mtu': 1450}}},
            {'id': 'no-bridge', 'address': 'fa:16:3e:00:00:02',
             'network': {}}]
    ifaces = build(network_info=vifs).findall('devices/interface')
    assert len(ifaces) == 1
    iface = ifaces[0]
    assert iface.get('type') == 'bridge'
    assert iface.find('mac').get('address') == 'fa:16:3e:00:00:01'
    assert iface.find('source').get('bridge') == 'br-nl0'
    assert iface.find('model').get('type') == 'virtio'
    assert iface.find('target').get('dev') == 'tapabcdef01-23'
    assert iface.find('mtu').get('size') == '1450'


def test_nic_model_from_hw_vif_model():
    vifs = [{'address': 'fa:16:3e:00:00:01', 'bridge': 'br0'}]
    dom = build(image_meta=fakes.image_meta(hw_vif_model='e1000'),
                network_info=vifs)
    assert dom.find('devices/interface/model').get('type') == 'e1000'
    with pytest.raises(ValueError):
        build(image_meta=fakes.image_meta(hw_vif_model='bogus'),
              network_info=vifs)


def test_image_properties_top_level_or_nested():
    flat = {'id': 'x', 'hw_disk_bus': 'scsi', 'os_hash_algo': 'sha512'}
    assert config.image_properties(flat) == {'hw_disk_bus': 'scsi'}
    nested = {'id': 'x', 'properties': {'hw_vif_model': 'e1000'}}
    assert config.image_properties(nested) == {'hw_vif_model': 'e1000'}
    assert config.image_properties(None) == {}


def test_serial_console_logged_by_virtlogd():
    dom = build(console_log='/i/console.log')
    serial = dom.find('devices/serial')
    assert serial.get('type') == 'pty'
    log = serial.find('log')
    assert log.get('file') == '/i/console.log'
    assert log.get('append') == 'on'
    assert serial.find('target').get('port') == '0'
    console = dom.find('devices/console')
    assert console.find('target').attrib == {'type': 'serial', 'port': '0'}


def test_vnc_graphics_when_enabled():
    dom = build(vnc_listen='0.0.0.0')
    graphics = dom.find('devices/graphics')
    assert graphics.attrib == {'type': 'vnc', 'autoport': 'yes',
                               'listen': '0.0.0.0'}
    assert dom.find('devices/input').attrib == {'type': 'tablet',
                                                'bus': 'usb'}
    assert dom.find('devices/video/model').get('type') == 'virtio'


def test_no_graphics_when_vnc_disabled():
    dom = build(vnc_listen=None)
    assert dom.find('devices/graphics') is None
    assert dom.find('devices/video') is None


def test_memballoon():
    balloon = build().find('devices/memballoon')
    assert balloon.get('model') == 'virtio'
    assert balloon.find('stats').get('period') == '10'
