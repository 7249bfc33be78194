"""LibvirtDriver rescue/unrescue, crash dumps, diagnostics and cold
resize (migrate_disk_and_power_off, finish_migration, confirm and revert)
with a fake connection: the files, paths and domain XML they produce."""
import os
import xml.etree.ElementTree as ET

import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import disks
from nova_lite.virt.libvirt import guest as vguest
from nova_lite.virt.libvirt import migration
from nova_lite.virt.libvirt import rescue
from tests.unit.virt.libvirt import fakelibvirt as libvirt
from tests.unit.virt.libvirt import fakes
from tests.unit.virt.libvirt import test_driver as base

pytestmark = base.pytestmark

conf = base.conf
image = base.image

NS = {'nova': vconfig.NOVA_NS}
RESCUE_IMAGE_ID = 'a1b2c3d4-0000-4000-8000-000000000001'


class Dom(base.FakeDom):
    nmi_error = None

    def XMLDesc(self, flags):
        if flags & rescue.XML_INACTIVE:
            return self.xml  # the definition: no runtime VNC port
        return super().XMLDesc(flags)

    def shutdown(self):
        self.calls.append('shutdown')
        self._state = vguest.VIR_DOMAIN_SHUTOFF

    def hasManagedSaveImage(self, flags):
        return False

    def injectNMI(self, flags):
        if self.nmi_error is not None:
            raise self.nmi_error
        self.calls.append('nmi')

    def info(self):
        return [self._state, 131072, 98304, 1, 12345]

    def vcpus(self):
        return ([(0, 1, 5000000000, 0)], [(True,)])

    def blockStats(self, dev):
        return (10, 4096, 20, 8192, 0)

    def interfaceStats(self, dev):
        return (100, 2, 0, 0, 200, 3, 0, 0)

    def memoryStats(self):
        return {'actual': 131072, 'rss': 65536}

    def maxMemory(self):
        return 131072


class Host(base.FakeHost):
    def defineXML(self, xml):
        dom = Dom(xml)
        old = self.domains.get(dom.uuid)
        if old is not None:  # libvirt keeps the state of a redefined domain
            dom._state = old._state
        self.domains[dom.uuid] = dom
        return dom


@pytest.fixture
def drv(conf, image):
    return base.make_driver(image, Host())


def _disks(xml):
    root = ET.fromstring(xml)
    return [(d.find('source').get('file'), d.find('target').get('dev'))
            for d in root.findall('devices/disk')]


def _dom(drv, inst):
    return drv._host.domains[inst.uuid]


def _flavor(**kw):
    values = dict(name='m1.bigger', flavorid='2', vcpus=2, memory_mb=192,
                  root_gb=2, ephemeral_gb=0, swap=0, extra_specs={})
    values.update(kw)
    return objects.Flavor(**values)


# -- pure XML --------------------------------------------------------------

def test_rescue_domain_xml_rescue_disk_first_original_second():
    inst = fakes.instance()
    xml = vconfig.domain_xml(
        inst, fakes.image_meta(),
        [fakes.disk('/i/disk', 'vda'), fakes.disk('/i/disk.eph0', 'vdb'),
         fakes.disk('/i/disk.swap', 'vdc')],
        network_info=[{'id': 'port-1', 'address': 'fa:16:3e:00:00:01',
                       'bridge': 'br-nl0'}],
        vnc_listen='127.0.0.1')
    # libvirt adds PCI addresses to a defined domain's disks.
    root = ET.fromstring(xml)
    for disk in root.findall('devices/disk'):
        ET.SubElement(disk, 'address', type='pci', slot='0x04')
    xml = ET.tostring(root, encoding='unicode')

    out = rescue.rescue_domain_xml(
        xml, {'path': '/i/disk.rescue', 'format': 'qcow2'},
        {'path': '/i/disk', 'format': 'qcow2'})
    assert _disks(out) == [('/i/disk.rescue', 'vda'), ('/i/disk', 'vdb')]
    root = ET.fromstring(out)
    assert root.findall('devices/disk/address') == []
    devices = [c.tag for c in root.find('devices')]
    assert devices.index('disk') < devices.index('interface')
    assert root.find('devices/interface/mac').get('address') == \
        'fa:16:3e:00:00:01'
    assert root.findtext('uuid') == inst.uuid


def test_rescue_domain_xml_keeps_the_bus():
    inst = fakes.instance()
    xml = vconfig.domain_xml(inst, fakes.image_meta(),
                             [fakes.disk('/i/disk', 'sda', 'scsi')])
    out = rescue.rescue_domain_xml(
        xml, {'path': '/i/disk.rescue', 'format': 'qcow2'},
        {'path': '/i/disk', 'format': 'raw'})
    root = ET.fromstring(out)
    assert [(d.find('target').get('dev'), d.find('target').get('bus'),
             d.find('driver').get('type'))
            for d in root.findall('devices/disk')] == [
        ('sda', 'scsi', 'qcow2'), ('sdb', 'scsi', 'raw')]


def test_resized_domain_xml_new_flavor():
    inst = fakes.instance(vcpus=1, memory_mb=128)
    xml = vconfig.domain_xml(inst, fakes.image_meta(),
                             [fakes.disk('/i/disk', 'vda')],
                             vnc_listen='127.0.0.1')
    inst.flavor = _flavor(ephemeral_gb=1)
    out = migration.resized_domain_xml(
        xml, inst, [fakes.disk('/i/disk', 'vda'),
                    fakes.disk('/i/disk.eph0', 'vdb')])
    root = ET.fromstring(out)
    assert root.findtext('memory') == str(192 * 1024)
    assert root.findtext('currentMemory') == str(192 * 1024)
    assert root.find('memory').get('unit') == 'KiB'
    assert root.findtext('vcpu') == '2'
    assert root.find('cpu/topology').get('sockets') == '2'
    flavor = root.find('metadata/nova:instance/nova:flavor', NS)
    assert flavor.get('name') == 'm1.bigger'
    assert flavor.findtext('nova:memory', namespaces=NS) == '192'
    assert flavor.findtext('nova:disk', namespaces=NS) == '2'
    assert flavor.findtext('nova:ephemeral', namespaces=NS) == '1'
    assert flavor.findtext('nova:vcpus', namespaces=NS) == '2'
    assert _disks(out) == [('/i/disk', 'vda'), ('/i/disk.eph0', 'vdb')]
    assert root.find('devices/graphics') is not None
    assert root.findtext('name') == ET.fromstring(xml).findtext('name')


def test_with_volume_disks_swaps_the_volumes_connection():
    """A moved or reverted guest gets its volumes as connected on this
    host: the old <disk> of each (by serial) goes, the new one follows the
    local disks."""
    vol = '6f1c2e3d-0000-4000-8000-00000000000a'
    old_volume = ('<disk type="file" device="disk"><source file="/old/v"/>'
                  '<target dev="vdb" bus="virtio"/><serial>%s</serial>'
                  '</disk>' % vol)
    inst = fakes.instance()
    xml = vconfig.domain_xml(inst, fakes.image_meta(),
                             [fakes.disk('/i/disk', 'vda')],
                             vnc_listen='127.0.0.1',
                             volume_disks=[old_volume])
    assert _disks(xml) == [('/i/disk', 'vda'), ('/old/v', 'vdb')]
    info = {'block_device_mapping': [{
        'connection_info': {'serial': vol}, 'mount_device': '/dev/vdb',
        'boot_index': None}]}
    out = migration.with_volume_disks(
        xml, info, [old_volume.replace('/old/v', '/new/v')])
    assert _disks(out) == [('/i/disk', 'vda'), ('/new/v', 'vdb')]
    assert migration.with_volume_disks(xml, None, []) == \
        migration.with_volume_disks(xml, {}, [])


def test_resize_dir_and_files_to_copy():
    assert migration.resize_dir('/x/uuid') == '/x/uuid_resize'
    old = _flavor(swap=32)
    assert migration.files_to_copy(old, _flavor(swap=32)) == [
        'disk', 'disk.eph0', 'disk.swap']
    assert migration.files_to_copy(old, _flavor(swap=64)) == [
        'disk', 'disk.eph0']


@pytest.mark.parametrize('old,new', [
    (dict(root_gb=2), dict(root_gb=1)),
    (dict(root_gb=1, ephemeral_gb=2), dict(root_gb=5, ephemeral_gb=1))])
def test_disk_shrink_is_a_rollback(old, new):
    with pytest.raises(exception.InstanceFaultRollback) as info:
        migration.check_disks_not_shrinking(_flavor(**old), _flavor(**new))
    assert isinstance(info.value.inner_exception, exception.ResizeError)
    assert 'Unable to resize disk down.' in str(info.value.inner_exception)
    migration.check_disks_not_shrinking(_flavor(root_gb=1),
                                        _flavor(root_gb=1))


def test_in_move():
    inst = fakes.instance()
    assert not migration.in_move(inst)
    inst.task_state = 'resize_reverting'
    assert migration.in_move(inst)
    inst.task_state = None
    inst.vm_state = 'resized'
    assert migration.in_move(inst)
    inst.vm_state = 'active'
    inst.task_state = 'deleting'
    assert not migration.in_move(inst)


# -- rescue through the driver ------------------------------------------------

def test_rescue_and_unrescue(drv, tmp_path):
    inst = fakes.instance(ephemeral_gb=1)
    drv.spawn(None, inst, fakes.image_meta())
    inst_dir = tmp_path / 'instances' / inst.uuid
    original = _dom(drv, inst).xml

    drv.rescue(None, inst, {}, 'secret')
    dom = _dom(drv, inst)
    assert (inst_dir / 'unrescue.xml').read_text() == original
    rescue_disk = inst_dir / 'disk.rescue'
    base = drv.image_cache.base_path(fakes.IMAGE_ID)
    # The instance's own image, at the image's size (16 MiB here).
    assert disks.qcow2_header(str(rescue_disk)) == (16 * 1024 * 1024, base)
    assert _disks(dom.xml) == [(str(rescue_disk), 'vda'),
                               (str(inst_dir / 'disk'), 'vdb')]
    assert (inst_dir / 'libvirt.xml').read_text() == dom.xml
    assert dom.isActive()
    assert (inst_dir / 'disk.eph0').exists()  # kept, just not attached

    drv.unrescue(None, inst)
    dom = _dom(drv, inst)
    assert dom.xml == original
    assert dom.isActive()
    assert not (inst_dir / 'unrescue.xml').exists()
    assert not rescue_disk.exists()
    assert (inst_dir / 'libvirt.xml').read_text() == original
    assert drv.fetched == [fakes.IMAGE_ID]


def test_rescue_from_another_image_and_twice(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    original = _dom(drv, inst).xml
    drv.rescue(None, inst, {'id': RESCUE_IMAGE_ID}, None)
    assert drv.fetched == [fakes.IMAGE_ID, RESCUE_IMAGE_ID]
    rescue_disk = tmp_path / 'instances' / inst.uuid / 'disk.rescue'
    assert disks.qcow2_header(str(rescue_disk))[1] == \
        drv.image_cache.base_path(RESCUE_IMAGE_ID)
    # A retried rescue keeps the saved definition of the instance itself.
    drv.rescue(None, inst, {'id': RESCUE_IMAGE_ID}, None)
    assert (tmp_path / 'instances' / inst.uuid /
            'unrescue.xml').read_text() == original
    drv.unrescue(None, inst)
    assert _dom(drv, inst).xml == original


def test_unrescue_without_rescue_fails(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    with pytest.raises(exception.InstanceInvalidState):
        drv.unrescue(None, inst)


def test_trigger_crash_dump(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    drv.trigger_crash_dump(inst)
    dom = _dom(drv, inst)
    assert 'nmi' in dom.calls

    def error(code):
        exc = libvirt.libvirtError('nmi')
        exc.get_error_code = lambda: code
        return exc
    dom.nmi_error = error(libvirt.VIR_ERR_NO_SUPPORT)
    with pytest.raises(exception.TriggerCrashDumpNotSupported):
        drv.trigger_crash_dump(inst)
    dom.nmi_error = error(libvirt.VIR_ERR_OPERATION_INVALID)
    with pytest.raises(exception.InstanceNotRunning):
        drv.trigger_crash_dump(inst)


def test_diagnostics(drv, conf):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    legacy = drv.get_diagnostics(inst)
    assert legacy['cpu0_time'] == 5000000000
    assert legacy['vda_read'] == 4096 and legacy['vda_write_req'] == 20
    assert legacy['memory'] == 131072
    assert legacy['memory-rss'] == 65536
    diags = drv.get_instance_diagnostics(inst)
    assert diags['state'] == 'running'
    assert diags['driver'] == 'libvirt' and diags['hypervisor'] == 'qemu'
    assert diags['num_cpus'] == 1 and diags['num_disks'] == 1
    assert diags['num_nics'] == 0
    assert diags['cpu_details'] == [{'id': 0, 'time': 5000000000,
                                     'utilisation': None}]
    assert diags['disk_details'][0] == {
        'read_bytes': 4096, 'read_requests': 10, 'write_bytes': 8192,
        'write_requests': 20, 'errors_count': 0}
    assert diags['memory_details'] == {'maximum': 128, 'used': 96}


# -- cold resize through the driver ------------------------------------------

def _virtual_size(path):
    return disks.qcow2_header(str(path))[0]


def test_migrate_disk_refuses_to_shrink_and_leaves_guest(drv, tmp_path):
    inst = fakes.instance(root_gb=2)
    drv.spawn(None, inst, fakes.image_meta())
    with pytest.raises(exception.InstanceFaultRollback):
        drv.migrate_disk_and_power_off(None, inst, 'host1',
                                       _flavor(root_gb=1))
    assert _dom(drv, inst).isActive()
    assert not (tmp_path / 'instances' / (inst.uuid + '_resize')).exists()


def test_resize_confirm(drv, tmp_path):
    inst = fakes.instance(vcpus=1, swap=32)
    drv.spawn(None, inst, fakes.image_meta())
    inst_dir = tmp_path / 'instances' / inst.uuid
    moved = tmp_path / 'instances' / (inst.uuid + '_resize')
    old_xml = _dom(drv, inst).xml
    new = _flavor(swap=64)

    drv.migrate_disk_and_power_off(None, inst, 'host1', new, timeout=5)
    dom = _dom(drv, inst)
    assert 'shutdown' in dom.calls and not dom.isActive()
    for name in ('disk', 'disk.swap', 'libvirt.xml'):
        assert (moved / name).exists(), name
    assert (moved / 'libvirt.xml').read_text() == old_xml
    assert (inst_dir / 'disk').exists()
    assert not (inst_dir / 'disk.swap').exists()  # new size: made anew
    assert (inst_dir / 'libvirt.xml').read_text() == old_xml

    inst.flavor = new
    drv.finish_migration(None, None, inst, None, power_on=True)
    dom = _dom(drv, inst)
    assert dom.isActive()
    root = ET.fromstring(dom.xml)
    assert root.findtext('memory') == str(192 * 1024)
    assert root.findtext('vcpu') == '2'
    assert _virtual_size(inst_dir / 'disk') == 2 * disks.GiB
    assert disks.qcow2_header(str(inst_dir / 'disk'))[1] == \
        drv.image_cache.base_path(fakes.IMAGE_ID)
    assert disks.qcow2_header(str(inst_dir / 'disk.swap'))[1].endswith(
        'swap_64')
    assert _disks(dom.xml) == [(str(inst_dir / 'disk'), 'vda'),
                               (str(inst_dir / 'disk.swap'), 'vdb')]
    assert (inst_dir / 'libvirt.xml').read_text() == dom.xml
    # The source copy is untouched until confirmed.
    assert _virtual_size(moved / 'disk') == disks.GiB

    drv.confirm_migration(None, None, inst)
    assert not moved.exists()
    assert inst_dir.exists()


def test_resize_revert(drv, tmp_path):
    inst = fakes.instance(vcpus=1)
    old_flavor = inst.flavor
    drv.spawn(None, inst, fakes.image_meta())
    inst_dir = tmp_path / 'instances' / inst.uuid
    moved = tmp_path / 'instances' / (inst.uuid + '_resize')
    old_xml = _dom(drv, inst).xml
    drv.migrate_disk_and_power_off(None, inst, 'host1', _flavor(), timeout=5)
    inst.flavor = _flavor()
    drv.finish_migration(None, None, inst, None, power_on=True)

    # The destination destroys its copy first; the source's is kept.
    inst.task_state = 'resize_reverting'
    drv.destroy(None, inst)
    assert not inst_dir.exists() and moved.exists()

    inst.flavor = old_flavor
    drv.finish_revert_migration(None, inst, power_on=False)
    assert not moved.exists()
    assert _virtual_size(inst_dir / 'disk') == disks.GiB
    dom = _dom(drv, inst)
    assert dom.xml == old_xml
    assert not dom.isActive()  # the instance was stopped

    # Deleting an instance removes a leftover source copy too.
    os.makedirs(moved)
    inst.task_state = 'deleting'
    drv.destroy(None, inst)
    assert not moved.exists() and not inst_dir.exists()


def test_finish_migration_stopped_instance_stays_off(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    drv.power_off(inst)
    drv.migrate_disk_and_power_off(None, inst, 'host2',
                                   _flavor(ephemeral_gb=1), timeout=5)
    inst.flavor = _flavor(ephemeral_gb=1)
    drv.finish_migration(None, None, inst, None, power_on=False)
    dom = _dom(drv, inst)
    assert not dom.isActive()
    inst_dir = tmp_path / 'instances' / inst.uuid
    assert _virtual_size(inst_dir / 'disk.eph0') == disks.GiB
    assert _disks(dom.xml)[1] == (str(inst_dir / 'disk.eph0'), 'vdb')


def test_finish_migration_fetches_a_missing_base(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    drv.migrate_disk_and_power_off(None, inst, 'host2', _flavor(),
                                   timeout=5)
    os.unlink(drv.image_cache.base_path(fakes.IMAGE_ID))
    inst.flavor = _flavor()
    drv.finish_migration(None, None, inst, None)
    assert drv.fetched == [fakes.IMAGE_ID, fakes.IMAGE_ID]
    assert os.path.exists(drv.image_cache.base_path(fakes.IMAGE_ID))
