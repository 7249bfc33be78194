"""LibvirtDriver with its real Host over fakelibvirt: the calls it makes on
a libvirt connection, and the lifecycle events that come back."""
import xml.etree.ElementTree as ET

import pytest

from nova_lite.compute import power_state
from nova_lite.virt.libvirt import driver as libvirt_driver
from tests.unit.virt.libvirt import fakelibvirt as libvirt
from tests.unit.virt.libvirt import fakes
from tests.unit.virt.libvirt import test_driver as base
from tests.unit.virt.libvirt.test_host import Listener

pytestmark = base.pytestmark

conf = base.conf
image = base.image


@pytest.fixture
def drv(conf, image):
    d = libvirt_driver.LibvirtDriver(
        image_fetch=lambda ctx, image_id, dest: base.shutil.copyfile(
            image, dest))
    d._host.stop_event_delay = 0
    d.init_host('host1')
    d.listener = Listener()
    d.register_event_listener(d.listener)
    yield d
    d.cleanup_host('host1')


def _conn():
    return libvirt.connections[-1]


def test_spawn_defines_and_starts_a_domain(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = _conn().lookupByUUIDString(inst.uuid)
    assert dom.name() == 'instance-0000000a'
    assert dom.state(0)[0] == libvirt.VIR_DOMAIN_RUNNING
    assert drv.get_info(inst).state == power_state.RUNNING
    assert drv.list_instance_uuids() == [inst.uuid]
    assert drv.listener.wait_for(1) == [(inst.uuid, power_state.RUNNING)]


def test_pause_suspend_resume_and_their_events(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = _conn().lookupByUUIDString(inst.uuid)
    drv.pause(inst)
    assert drv.get_info(inst).state == power_state.PAUSED
    drv.unpause(inst)
    drv.suspend(None, inst)
    assert dom.hasManagedSaveImage(0)
    assert drv.get_info(inst).state == power_state.SHUTDOWN
    drv.resume(None, inst)
    assert not dom.hasManagedSaveImage(0)
    assert drv.listener.wait_for(5) == [
        (inst.uuid, state) for state in (
            power_state.RUNNING, power_state.PAUSED, power_state.RUNNING,
            power_state.SHUTDOWN, power_state.RUNNING)]


def test_clean_power_off_and_destroy(drv, tmp_path):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    dom = _conn().lookupByUUIDString(inst.uuid)
    drv.power_off(inst, timeout=5)  # the fake guest obeys ACPI at once
    assert dom.state(0)[0] == libvirt.VIR_DOMAIN_SHUTOFF
    drv.destroy(None, inst)
    assert _conn().listAllDomains(0) == []
    assert not (tmp_path / 'instances' / inst.uuid).exists()


def test_a_taken_domain_name_falls_back_to_the_uuid(drv):
    inst = fakes.instance()
    other = ('<domain><name>instance-0000000a</name>'
             '<uuid>11111111-2222-3333-4444-555555555555</uuid></domain>')
    _conn().defineXML(other)
    drv.spawn(None, inst, fakes.image_meta())
    dom = _conn().lookupByUUIDString(inst.uuid)
    assert dom.name() == 'instance-%s' % inst.uuid
    assert ET.fromstring(dom.XMLDesc(0)).findtext('uuid') == inst.uuid
    # The other deployment's domain is not ours to list.
    assert drv.list_instance_uuids() == [inst.uuid]


def test_reconnects_when_libvirtd_restarts(drv):
    inst = fakes.instance()
    drv.spawn(None, inst, fakes.image_meta())
    libvirt.connections[0].lose()
    assert drv.get_info(inst).state == power_state.RUNNING
    assert len(libvirt.connections) == 2
    # Events come through the new connection.
    drv.power_off(inst)
    assert drv.listener.wait_for(2) == [(inst.uuid, power_state.RUNNING),
                                        (inst.uuid, power_state.SHUTDOWN)]
