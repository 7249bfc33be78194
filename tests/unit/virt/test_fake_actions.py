"""The fake driver's rescue, crash dump and diagnostics."""
import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt.fake import driver as fake_driver


class Inst(object):
    uuid = '5a0d1f0e-7c1b-4b55-9f0e-3c2b1a0d9e8f'
    display_name = 'vm'
    hostname = 'vm'
    memory_mb = 512
    vcpus = 2
    config_drive = ''


@pytest.fixture
def driver():
    drv = fake_driver.FakeDriver()
    drv.spawn(None, Inst(), {})
    return drv


def test_rescue_unrescue(driver):
    driver.rescue(None, Inst(), {'id': 'img'}, 'pw')
    assert driver.get_info(Inst()).state == power_state.RUNNING
    assert driver._guest(Inst())['rescued']
    driver.unrescue(None, Inst())
    assert not driver._guest(Inst())['rescued']


def test_crash_dump(driver):
    driver.trigger_crash_dump(Inst())
    assert driver._guest(Inst())['crash_dumps'] == 1


def test_diagnostics(driver):
    assert driver.get_diagnostics(Inst())['memory'] == 512 * 1024
    diag = driver.get_instance_diagnostics(Inst())
    assert diag['num_cpus'] == 2 and diag['state'] == 'running'
    assert diag['memory_details'] == {'maximum': 512, 'used': 0}


def test_missing_guest(driver):
    driver.destroy(None, Inst())
    with pytest.raises(exception.InstanceNotFound):
        driver.trigger_crash_dump(Inst())
