"""LibvirtDriver with a fake connection (no libvirtd): spawn's files and
XML, get_info, listing, resources, consoles, destroy, image cache."""
import hashlib
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import driver as libvirt_driver
from nova_lite.virt.libvirt import guest as vguest
from tests.unit.virt.libvirt import fakelibvirt as libvirt
from tests.unit.virt.libvirt import fakes

pytestmark = pytest.mark.usefixtures('qemu_img_and_mkswap')


class FakeDom(object):
    def __init__(self, xml, state=vguest.VIR_DOMAIN_SHUTOFF, ours=True):
        root = ET.fromstring(xml)
        self.xml = xml
        self.uuid = root.findtext('uuid')
        self._name = root.findtext('name')
        self._state = state
        self.ours = ours
        self.calls = []

    def UUIDString(self):
        return self.uuid

    def name(self):
        return self._name

    def state(self, _flags=0):
        return [self._state, 1]

    def isActive(self):
        return self._state != vguest.VIR_DOMAIN_SHUTOFF

    def create(self):
        self.calls.append('create')
        self._state = vguest.VIR_DOMAIN_RUNNING

    def destroy(self):
        self.calls.append('destroy')
        self._state = vguest.VIR_DOMAIN_SHUTOFF

    def undefineFlags(self, flags):
        self.calls.append(('undefine', flags))

    def metadata(self, kind, uri, flags):
        if not self.ours:
            raise libvirt.libvirtError('no metadata')
        return '<instance/>'

    def XMLDesc(self, flags):
        return self.xml.replace("autoport='yes'", "port='5901' autoport='yes'"
                                ).replace('autoport="yes"',
                                          'port="5901" autoport="yes"')


class FakeHost(object):
    uri = 'qemu:///system'
    hostname = None

    def __init__(self):
        self.domains = {}

    def get_connection(self):
        return self

    def get_capabilities(self):
        return {'arch': 'x86_64', 'model': 'kvm64', 'vendor': 'AMD',
                'topology': {'sockets': 1, 'cores': 2, 'threads': 1},
                'features': ['avx']}

    def get_domain(self, uuid):
        if uuid not in self.domains:
            raise exception.InstanceNotFound(instance_id=uuid)
        return self.domains[uuid]

    def list_domains(self):
        return list(self.domains.values())

    def defineXML(self, xml):
        dom = FakeDom(xml)
        self.domains[dom.uuid] = dom
        return dom

    def getInfo(self):
        return ['x86_64', 7800, 2, 2596, 1, 1, 2, 1]

    def getVersion(self):
        return 7002022

    def close(self):
        pass


@pytest.fixture
def conf(tmp_path):
    from tests import conf as test_conf
    conf = test_conf.parse_once()
    overrides = [('state_path', str(tmp_path), None),
                 ('instances_path', None, None),
                 ('virt_type', 'qemu', 'libvirt'),
                 ('server_listen', '0.0.0.0', 'vnc'),
                 ('server_proxyclient_address', '192.0.2.5', 'vnc')]
    for name, value, group in overrides:
        conf.set_override(name, value, group=group)
    yield conf
    for name, _value, group in overrides:
        conf.clear_override(name, group=group)


@pytest.fixture
def image(tmp_path):
    path = tmp_path / 'image.qcow2'
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', str(path),
                    '16M'], check=True)
    return str(path)


def make_driver(image, host):
    """A LibvirtDriver on the fake `host` whose image downloads copy
    `image` and are listed in its .fetched."""
    fetched = []

    def fetch(context, image_id, dest):
        fetched.append(image_id)
        shutil.copyfile(image, dest)

    d = libvirt_driver.LibvirtDriver(image_fetch=fetch)
    d._host = host
    d.fetched = fetched
    d.init_host('host1')
    return d


@pytest.fixture
def drv(conf, image):
    return make_driver(image, FakeHost())


def test_spawn_creates_disks_xml_and_starts(drv, tmp_path):
    inst = fakes.instance(ephemeral_gb=1, swap=32)
    drv.spawn(None, inst, fakes.image_meta(hw_disk_bus='virtio'))
    inst_dir = tmp_path / 'instances' / inst.uuid
    assert drv.instance_dir(inst) == str(inst_dir)
    for name in ('disk', 'disk.eph0', 'disk.swap', 'libvirt.xml'):
        assert (inst_dir / name).exists(), name
    base = tmp_path / 'instances' / '_base' / hashlib.sha1(
        fakes.IMAGE_ID.encode()).hexdigest()
    from nova_lite.virt.libvirt import disks
    assert disks.qcow2_header(str(inst_dir / 'disk')) == (disks.GiB,
                                                          str(base))
    assert disks.qcow2_header(str(inst_dir / 'disk.eph0'))[0] == disks.GiB
    swap_base = tmp_path / 'instances' / '_base' / 'swap_32'
    assert disks.qcow2_header(str(inst_dir / 'disk.swap'))[1] == str(
        swap_base)
    dom = drv._host.domains[inst.uuid]
    assert dom.calls == ['create']
    root = ET.fromstring(dom.xml)
    assert root.get('type') == 'qemu'
    assert root.findtext('name') == 'instance-0000000a'
    assert [(d.find('source').get('file'), d.find('target').get('dev'))
            for d in root.findall('devices/disk')] == [
        (str(inst_dir / 'disk'), 'vda'), (str(inst_dir / 'disk.eph0'),
                                          'vdb'),
        (str(inst_dir / 'disk.swap'), 'vdc')]
    assert root.find('devices/serial/log').get('file') == str(
        inst_dir / 'console.log')
    assert root.find('devices/graphics').get('listen') == '0.0.0.0'
    assert root.find('cpu').get('mode') is None
    assert drv.fetched == [fakes.IMAGE_ID]
    assert drv.get_info(inst).state == power_state.RUNNING


def test_spawn_root_gb_zero_uses_image_size(drv, tmp_path):
    from nova_lite.virt.libvirt import disks
    inst = fakes.instance(root_gb=0)
    drv.spawn(None, inst, fakes.image_meta())
    disk = tmp_path / 'instances' / inst.uuid / 'disk'
    assert disks.qcow2_header(str(disk))[0] == 16 * 1024 * 1024


def test_spawn_scsi_bus(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, {'id': fakes.IMAGE_ID, 'hw_disk_bus': 'scsi'})
    root = ET.fromstring(drv._host.domains[inst.uuid].xml)
    assert root.find('devices/disk/target').attrib == {'dev': 'sda',
                                                       'bus': 'scsi'}


def test_spawn_rejects_unknown_disk_bus(drv):
    with pytest.raises(exception.InvalidInput):
        drv.spawn(None, fakes.instance(),
                  fakes.image_meta(hw_disk_bus='floppy'))


def test_get_info_maps_states(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = drv._host.domains[inst.uuid]
    for libvirt_state, expected in (
            (vguest.VIR_DOMAIN_PAUSED, power_state.PAUSED),
            (vguest.VIR_DOMAIN_SHUTOFF, power_state.SHUTDOWN),
            (vguest.VIR_DOMAIN_CRASHED, power_state.CRASHED),
            (vguest.VIR_DOMAIN_PMSUSPENDED, power_state.SUSPENDED)):
        dom._state = libvirt_state
        assert drv.get_info(inst).state == expected
    with pytest.raises(exception.InstanceNotFound):
        drv.get_info(fakes.instance().__class__(
            uuid='00000000-0000-0000-0000-000000000001'))


def test_list_instance_uuids_only_ours(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    other = FakeDom('<domain><uuid>other</uuid><name>x</name></domain>',
                    ours=False)
    drv._host.domains['other'] = other
    assert drv.list_instance_uuids() == [inst.uuid]
    assert drv.instance_exists(inst)


def test_list_instance_uuids_skips_other_deployments(drv):
    """A domain with nova_lite metadata whose files are not under this
    driver's instances_path belongs to another deployment sharing the
    libvirtd: never listed, so never reaped as an orphan."""
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    foreign = FakeDom('<domain><uuid>%s</uuid><name>y</name></domain>' %
                      '11111111-2222-3333-4444-555555555555')
    drv._host.domains[foreign.uuid] = foreign
    assert drv.list_instance_uuids() == [inst.uuid]


def test_available_resource(drv):
    res = drv.get_available_resource('host1')
    assert drv.get_available_nodes() == ['host1']
    assert res['vcpus'] == 2
    assert res['hypervisor_type'] == 'QEMU'
    assert res['hypervisor_version'] == 7002022
    assert res['hypervisor_hostname'] == 'host1'
    with open('/proc/meminfo') as f:
        total_kb = int(f.readline().split()[1])
    assert res['memory_mb'] == total_kb // 1024
    assert res['local_gb'] > 0
    assert 0 <= res['disk_available_least'] <= res['local_gb']
    cpu = json.loads(res['cpu_info'])
    assert cpu['arch'] == 'x86_64' and cpu['vendor'] == 'AMD'
    assert cpu['topology'] == {'sockets': 1, 'cores': 2, 'threads': 1}
    assert cpu['features'] == ['avx']


def test_console_output_tail(drv, tmp_path, monkeypatch):
    from nova_lite.virt.libvirt import console
    monkeypatch.setattr(console, 'MAX_CONSOLE_BYTES', 10)
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    log = tmp_path / 'instances' / inst.uuid / 'console.log'
    log.write_bytes(b'first line\nlast line\n')
    out = console.read_log_tail(str(log), 10)
    assert out == 'last line\n'
    monkeypatch.undo()
    assert drv.get_console_output(None, inst) == 'first line\nlast line\n'


def test_vnc_console(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    assert drv.get_vnc_console(None, inst) == {'host': '192.0.2.5',
                                               'port': 5901}


def test_vnc_console_unavailable_without_graphics(drv, conf):
    conf.set_override('enabled', False, group='vnc')
    try:
        inst = fakes.instance()
        drv.spawn(None, inst, fakes.image_meta())
        assert ET.fromstring(drv._host.domains[inst.uuid].xml).find(
            'devices/graphics') is None
        with pytest.raises(exception.ConsoleNotAvailable):
            drv.get_vnc_console(None, inst)
    finally:
        conf.clear_override('enabled', group='vnc')


def test_destroy_removes_domain_and_files(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = drv._host.domains[inst.uuid]
    drv.destroy(None, inst)
    assert dom.calls[:2] == ['create', 'destroy']
    flags = dom.calls[2][1]
    assert flags & libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE
    assert flags & libvirt.VIR_DOMAIN_UNDEFINE_NVRAM
    assert not (tmp_path / 'instances' / inst.uuid).exists()
    # Destroying again (no domain, no files) is fine.
    del drv._host.domains[inst.uuid]
    drv.destroy(None, inst)


def test_manage_image_cache_keeps_bases_in_use(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    base = drv.image_cache.base_path(fakes.IMAGE_ID)
    os.utime(base, (0, 0))
    # In use through the instance list and through the overlay's header.
    assert drv.manage_image_cache(None, [inst]) == []
    assert drv.manage_image_cache(None, []) == []
    os.utime(base, (0, 0))
    drv.destroy(None, inst)
    assert drv.manage_image_cache(None, []) == [base]


def test_domain_metadata_namespace_is_novas():
    assert vconfig.NOVA_NS == 'http://openstack.org/xmlns/libvirt/nova/1.1'


def test_spawn_flat_images_type_copies_to_raw(drv, conf, tmp_path):
    from nova_lite.virt.libvirt import disks
    conf.set_override('images_type', 'flat', group='libvirt')
    try:
        inst = fakes.instance()
        drv.spawn(None, inst, fakes.image_meta())
    finally:
        conf.clear_override('images_type', group='libvirt')
    disk = tmp_path / 'instances' / inst.uuid / 'disk'
    info = disks.qemu_img_info(str(disk))
    assert info['format'] == 'raw'
    assert info['virtual-size'] == disks.GiB
    root = ET.fromstring(drv._host.domains[inst.uuid].xml)
    assert root.find('devices/disk/driver').get('type') == 'raw'
