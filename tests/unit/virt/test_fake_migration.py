"""The fake driver's resize: the source keeps a copy until confirm or
revert; a shrinking disk is refused (rolled back) like libvirt does."""
import collections

import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt.fake import driver as fake_driver

Flavor = collections.namedtuple('Flavor', 'name root_gb ephemeral_gb')
Migration = collections.namedtuple('Migration', 'source_compute')
SMALL = Flavor('m1.small', 20, 0)
TINY = Flavor('m1.tiny', 1, 0)


class Inst(object):
    uuid = '6b1e2f0e-7c1b-4b55-9f0e-3c2b1a0d9e8f'
    display_name = 'vm'
    hostname = 'vm'
    flavor = TINY


@pytest.fixture
def driver(tmp_path):
    from nova_lite import conf
    conf.CONF.set_override('state_path', str(tmp_path))
    drv = fake_driver.FakeDriver()
    drv.init_host('h1')
    drv.spawn(None, Inst(), {})
    yield drv
    conf.CONF.clear_override('state_path')


def test_same_host_resize_then_revert_restores_the_guest(driver):
    inst = Inst()
    driver.migrate_disk_and_power_off(None, inst, '127.0.0.1', SMALL)
    assert inst.uuid not in driver.list_instance_uuids()
    inst.flavor = SMALL
    driver.finish_migration(None, Migration('h1'), inst, None,
                            power_on=False)
    assert driver.get_info(inst).state == power_state.SHUTDOWN
    driver.destroy(None, inst)
    driver.finish_revert_migration(None, inst, power_on=True)
    assert driver.get_info(inst).state == power_state.RUNNING


def test_confirm_drops_the_source_copy(driver):
    inst = Inst()
    driver.migrate_disk_and_power_off(None, inst, '127.0.0.1', SMALL)
    driver.confirm_migration(None, Migration('h1'), inst)
    with pytest.raises(exception.InstanceNotFound):
        driver.finish_revert_migration(None, inst)


def test_a_disk_cannot_shrink(driver):
    inst = Inst()
    inst.flavor = SMALL
    with pytest.raises(exception.InstanceFaultRollback) as caught:
        driver.migrate_disk_and_power_off(None, inst, '127.0.0.1', TINY)
    assert 'Unable to resize disk down.' in str(
        caught.value.inner_exception)
    assert driver.get_info(inst).state == power_state.RUNNING
