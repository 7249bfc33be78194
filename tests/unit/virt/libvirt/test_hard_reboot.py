"""Hard reboot and power on as Nova's libvirt driver does them, with a
fake connection: the domain is undefined and defined again from XML
regenerated from the instance and the current options; missing disks and
bases are made again; soft reboot falls back to hard."""
import os
import xml.etree.ElementTree as ET

import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt.libvirt import disks
from nova_lite.virt.libvirt import driver as libvirt_driver
from nova_lite.virt.libvirt import guest as vguest
from nova_lite.virt.libvirt import spawn_inputs
from tests.unit.virt.libvirt import fakelibvirt as libvirt
from tests.unit.virt.libvirt import fakes
from tests.unit.virt.libvirt import test_driver as base

pytestmark = base.pytestmark

conf = base.conf
image = base.image

VIF = {'id': '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
       'address': 'fa:16:3e:00:00:01', 'network': {'bridge': 'br-test'}}


class Dom(base.FakeDom):
    """A domain that leaves the host when undefined, and a guest that
    ignores ACPI unless told otherwise."""
    acpi_powers_off = False

    def __init__(self, xml, host):
        super().__init__(xml)
        self.host = host
        self.domain_id = -1

    def ID(self):
        return self.domain_id

    def create(self):
        super().create()
        self.domain_id = self.host.next_id()

    def shutdown(self):
        self.calls.append('shutdown')
        if self.acpi_powers_off:
            self._state = vguest.VIR_DOMAIN_SHUTOFF
            self.domain_id = -1

    def undefineFlags(self, flags):
        super().undefineFlags(flags)
        if self.host.domains.get(self.uuid) is self:
            del self.host.domains[self.uuid]


class Host(base.FakeHost):
    def __init__(self):
        super().__init__()
        self.defined = []
        self._ids = 0

    def next_id(self):
        self._ids += 1
        return self._ids

    def defineXML(self, xml):
        dom = Dom(xml, self)
        self.domains[dom.uuid] = dom
        self.defined.append(dom)
        return dom


@pytest.fixture
def drv(conf, image):
    return base.make_driver(image, Host())


@pytest.fixture
def override(conf):
    done = []

    def set_override(name, value, group=None):
        conf.set_override(name, value, group=group)
        done.append((name, group))
    yield set_override
    for name, group in done:
        conf.clear_override(name, group=group)


def _root(drv, inst):
    return ET.fromstring(drv._host.domains[inst.uuid].xml)


def _disks(root):
    return [(d.find('source').get('file'), d.find('driver').get('type'),
             d.find('target').get('dev'), d.find('target').get('bus'))
            for d in root.findall('devices/disk')]


def _inst_dir(tmp_path, inst):
    return tmp_path / 'instances' / inst.uuid


def test_hard_reboot_regenerates_the_domain_from_current_state(
        drv, override, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    old = drv._host.domains[inst.uuid]
    assert _root(drv, inst).find('os/type').get('machine') == 'pc'

    override('hw_machine_type', ['x86_64=q35'], group='libvirt')
    override('cpu_mode', 'custom', group='libvirt')
    override('cpu_models', ['qemu64'], group='libvirt')
    inst.flavor.memory_mb = 256
    drv.reboot(None, inst, 'HARD')

    assert old.calls[:2] == ['create', 'destroy']
    assert old.calls[2][0] == 'undefine'
    new = drv._host.domains[inst.uuid]
    assert new is not old and new.calls == ['create']
    root = _root(drv, inst)
    assert root.find('os/type').get('machine') == 'q35'
    assert root.find('cpu').get('mode') == 'custom'
    assert root.findtext('cpu/model') == 'qemu64'
    assert root.findtext('memory') == str(256 * 1024)
    assert root.find('metadata/{%s}instance/{%s}flavor/{%s}memory' % (
        (libvirt_driver.vconfig.NOVA_NS,) * 3)).text == '256'
    assert (_inst_dir(tmp_path, inst) / 'libvirt.xml').read_text() == \
        new.xml
    assert drv.get_info(inst).state == power_state.RUNNING
    assert drv.fetched == [fakes.IMAGE_ID]


def test_hard_reboot_brings_back_an_undefined_domain(drv, tmp_path):
    inst = fakes.instance(ephemeral_gb=1, swap=16)
    drv.spawn(None, inst, fakes.image_meta())
    before = _disks(_root(drv, inst))
    del drv._host.domains[inst.uuid]  # virsh undefine behind our back
    assert not drv.instance_exists(inst)

    drv.reboot(None, inst, 'HARD')
    assert drv.instance_exists(inst)
    assert _disks(_root(drv, inst)) == before
    assert drv._host.domains[inst.uuid].calls == ['create']
    assert drv.get_info(inst).state == power_state.RUNNING


def test_hard_reboot_fetches_a_deleted_base_again(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    base_path = drv.image_cache.base_path(fakes.IMAGE_ID)
    os.unlink(base_path)

    drv.reboot(None, inst, 'HARD')
    assert drv.fetched == [fakes.IMAGE_ID, fakes.IMAGE_ID]
    assert os.path.exists(base_path)
    root_disk = str(_inst_dir(tmp_path, inst) / 'disk')
    assert disks.qcow2_header(root_disk) == (disks.GiB, base_path)


def test_hard_reboot_remakes_missing_disks_and_swap_base(drv, tmp_path):
    inst = fakes.instance(ephemeral_gb=1, swap=16)
    drv.spawn(None, inst, fakes.image_meta())
    inst_dir = _inst_dir(tmp_path, inst)
    swap_base = os.path.join(drv.image_cache.base_dir, 'swap_16')
    for path in (inst_dir / 'disk', inst_dir / 'disk.eph0', swap_base):
        os.unlink(path)

    drv.reboot(None, inst, 'HARD')
    base_path = drv.image_cache.base_path(fakes.IMAGE_ID)
    assert disks.qcow2_header(str(inst_dir / 'disk')) == (disks.GiB,
                                                          base_path)
    assert disks.qcow2_header(str(inst_dir / 'disk.eph0'))[0] == disks.GiB
    assert disks.qcow2_header(str(inst_dir / 'disk.swap'))[1] == swap_base
    assert os.path.exists(swap_base)
    # The base was still cached: nothing downloaded again.
    assert drv.fetched == [fakes.IMAGE_ID]


def test_hard_reboot_keeps_image_properties_and_network(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(hw_disk_bus='scsi',
                                           hw_vif_model='e1000'),
              network_info=[VIF])
    drv.reboot(None, inst, 'HARD')
    root = _root(drv, inst)
    assert _disks(root)[0][2:] == ('sda', 'scsi')
    assert root.find('devices/interface/source').get('bridge') == 'br-test'
    assert root.find('devices/interface/model').get('type') == 'e1000'
    assert root.find('devices/interface/mac').get('address') == \
        VIF['address']


def test_hard_reboot_with_network_info_uses_and_keeps_it(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(), network_info=[VIF])
    moved = dict(VIF, network={'bridge': 'br-other'})
    drv.reboot(None, inst, 'HARD', network_info=[moved])
    assert _root(drv, inst).find('devices/interface/source').get(
        'bridge') == 'br-other'
    drv.power_on(None, inst)
    assert _root(drv, inst).find('devices/interface/source').get(
        'bridge') == 'br-other'


def test_image_system_metadata_wins_over_recorded_properties(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(hw_video_model='virtio'))
    inst.system_metadata = {'image_hw_video_model': 'vga',
                            'image_base_image_ref': 'ignored'}
    drv.reboot(None, inst, 'HARD')
    assert _root(drv, inst).find('devices/video/model').get('type') == 'vga'


def test_guest_spawned_before_inputs_were_recorded(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    os.unlink(_inst_dir(tmp_path, inst) / spawn_inputs.FILE)
    os.unlink(drv.image_cache.base_path(fakes.IMAGE_ID))
    drv.reboot(None, inst, 'HARD')
    # The base of the instance's image_ref is fetched again.
    assert drv.fetched == [fakes.IMAGE_ID, fakes.IMAGE_ID]
    assert (_inst_dir(tmp_path, inst) / spawn_inputs.FILE).exists()


def test_existing_root_disk_keeps_its_format(drv, override, tmp_path):
    """A raw root disk stays raw when images_type changes: its format is
    the defined one, never probed from the (guest-written) data."""
    override('images_type', 'flat', group='libvirt')
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    root_disk = _inst_dir(tmp_path, inst) / 'disk'
    override('images_type', 'qcow2', group='libvirt')
    # The guest writes a qcow2 header naming a backing file.
    fake_overlay = _inst_dir(tmp_path, inst) / 'guest-written'
    disks.create_overlay(drv.image_cache.base_path(fakes.IMAGE_ID),
                         str(fake_overlay))
    with open(root_disk, 'r+b') as f:
        f.write(fake_overlay.read_bytes())
    os.unlink(drv.image_cache.base_path(fakes.IMAGE_ID))
    drv.reboot(None, inst, 'HARD')
    assert _disks(_root(drv, inst))[0][:2] == (str(root_disk), 'raw')
    assert drv.fetched == [fakes.IMAGE_ID]


def test_power_on_regenerates_an_undefined_stopped_guest(drv, override):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    drv.power_off(inst)
    del drv._host.domains[inst.uuid]
    override('hw_machine_type', ['x86_64=q35'], group='libvirt')
    drv.power_on(None, inst)
    assert _root(drv, inst).find('os/type').get('machine') == 'q35'
    assert drv.get_info(inst).state == power_state.RUNNING


def test_soft_reboot_that_works_keeps_the_domain(drv, override):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = drv._host.domains[inst.uuid]
    dom.acpi_powers_off = True
    override('hw_machine_type', ['x86_64=q35'], group='libvirt')
    drv.reboot(None, inst, 'SOFT')
    assert drv._host.domains[inst.uuid] is dom
    assert dom.calls == ['create', 'shutdown', 'create']
    assert _root(drv, inst).find('os/type').get('machine') == 'pc'


def test_soft_reboot_ignored_falls_back_to_hard(drv, override):
    override('wait_soft_reboot_seconds', 0, group='libvirt')
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = drv._host.domains[inst.uuid]
    drv.reboot(None, inst, 'SOFT')
    assert dom.calls[:3] == ['create', 'shutdown', 'destroy']
    assert drv._host.domains[inst.uuid] is not dom
    assert drv.get_info(inst).state == power_state.RUNNING


def test_soft_reboot_libvirt_error_falls_back_to_hard(drv, monkeypatch):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = drv._host.domains[inst.uuid]

    def refuse():
        raise libvirt.libvirtError('guest agent says no')
    monkeypatch.setattr(dom, 'ID', refuse)
    drv.reboot(None, inst, 'SOFT')
    assert drv._host.domains[inst.uuid] is not dom


def test_soft_reboot_without_a_domain_falls_back_to_hard(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    del drv._host.domains[inst.uuid]
    drv.reboot(None, inst, 'SOFT')
    assert drv.get_info(inst).state == power_state.RUNNING


def test_hard_reboot_without_instance_files_or_image_fails(drv, tmp_path):
    inst = fakes.instance()
    inst.image_ref = None
    with pytest.raises(exception.NovaLiteException):
        drv.reboot(None, inst, 'HARD')


def test_recorded_image_meta_normalizes_properties():
    recorded = spawn_inputs.recorded_image_meta(
        {'id': 'i1', 'disk_format': 'qcow2', 'hw_disk_bus': 'scsi',
         'os_hash_algo': 'sha512', 'os_hash_value': 'ab',
         'properties': {'hw_vif_model': 'e1000'}, 'created_at': object()})
    assert recorded == {'id': 'i1', 'disk_format': 'qcow2',
                        'os_hash_algo': 'sha512', 'os_hash_value': 'ab',
                        'properties': {'hw_disk_bus': 'scsi',
                                       'hw_vif_model': 'e1000'}}


def test_recorded_inputs_move_with_a_resize(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta(hw_disk_bus='scsi'))
    drv._host.domains[inst.uuid].acpi_powers_off = True
    bigger = inst.flavor.obj_clone()
    bigger.memory_mb = 192
    drv.migrate_disk_and_power_off(None, inst, 'host2', bigger, timeout=5)
    inst.flavor = bigger
    drv.finish_migration(None, None, inst, None)
    drv.reboot(None, inst, 'HARD')
    root = _root(drv, inst)
    assert _disks(root)[0][2:] == ('sda', 'scsi')
    assert root.findtext('memory') == str(192 * 1024)
