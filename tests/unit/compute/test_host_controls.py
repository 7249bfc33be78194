"""The compute side of os-hosts: the fake driver answers like Nova's fake;
a driver without the operations (the base driver, so libvirt) raises
NotImplementedError, which the manager's endpoint declares expected (no
traceback in the compute log), except set_host_enabled, which answers the
asked state as Nova's manager does."""
import types

import oslo_messaging as messaging
import pytest

from nova_lite.compute import host_controls
from nova_lite.compute import manager
from nova_lite import context as nl_context
from nova_lite.virt import driver as virt_driver
from nova_lite.virt.fake import driver as fake_driver
from nova_lite.virt.libvirt import driver as libvirt_driver

CTX = nl_context.get_admin_context()


def test_the_fake_driver_answers_what_it_was_asked():
    controls = host_controls.HostControls('h1', fake_driver.FakeDriver())
    assert controls.set_host_enabled(CTX, True) == 'enabled'
    assert controls.set_host_enabled(CTX, False) == 'disabled'
    assert controls.host_maintenance_mode(CTX, 'h1', True) == \
        'on_maintenance'
    assert controls.host_maintenance_mode(CTX, 'h1', False) == \
        'off_maintenance'
    for action in ('startup', 'shutdown', 'reboot'):
        assert controls.host_power_action(CTX, action) == action


def test_libvirt_has_no_host_operations_of_its_own():
    for name in ('set_host_enabled', 'host_maintenance_mode',
                 'host_power_action'):
        assert getattr(libvirt_driver.LibvirtDriver, name) is \
            getattr(virt_driver.ComputeDriver, name)


def test_a_driver_without_them():
    controls = host_controls.HostControls('h1', virt_driver.ComputeDriver())
    assert controls.set_host_enabled(CTX, False) == 'disabled'
    with pytest.raises(NotImplementedError):
        controls.host_maintenance_mode(CTX, 'h1', True)
    with pytest.raises(NotImplementedError):
        controls.host_power_action(CTX, 'reboot')


def test_the_endpoint_expects_not_implemented():
    endpoint = types.SimpleNamespace(host_controls=host_controls.HostControls(
        'h1', virt_driver.ComputeDriver()))
    with pytest.raises(messaging.ExpectedException) as caught:
        manager.ComputeManager.host_power_action(endpoint, CTX, 'reboot')
    assert isinstance(caught.value.exc_info[1], NotImplementedError)
    with pytest.raises(messaging.ExpectedException):
        manager.ComputeManager.host_maintenance_mode(endpoint, CTX, 'h1',
                                                     True)
    assert manager.ComputeManager.set_host_enabled(endpoint, CTX, True) == \
        'enabled'
    # the endpoint serves 1.4 (the host operations) and later
    served = tuple(int(p) for p in
                   manager.ComputeManager.target.version.split('.'))
    assert served[0] == 1 and served >= (1, 4)
