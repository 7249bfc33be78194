"""Power state sync (nova_lite.compute.power_sync): what the lifecycle
events and the periodic task do to an instance's states, as in Nova."""
from unittest import mock

import pytest

from nova_lite.compute import power_state
from nova_lite.compute import power_sync
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite.virt import driver as virt_driver


class FakeInstance(object):
    def __init__(self, vm_state, power, task_state=None, host='h1'):
        self.uuid = 'a8a7a7f5-5a3a-4d5e-9c1b-3b7c2e1f0d11'
        self.vm_state = vm_state
        self.power_state = power
        self.task_state = task_state
        self.host = host
        self.saves = []
        self.save_error = None

    def save(self, expected_task_state=None):
        if self.save_error is not None:
            raise self.save_error
        self.saves.append((expected_task_state, self.vm_state,
                           self.power_state))


class FakeDriver(object):
    def __init__(self, state):
        self.state = state
        self.power_offs = []

    def get_info(self, instance):
        if self.state is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return virt_driver.InstanceInfo(state=self.state)

    def power_off(self, instance, timeout=0):
        self.power_offs.append(timeout)
        self.state = power_state.SHUTDOWN


@pytest.fixture(autouse=True)
def no_actions():
    with mock.patch('nova_lite.compute.utils.start_action'), \
            mock.patch('nova_lite.compute.utils.start_action_event'), \
            mock.patch('nova_lite.compute.utils.finish_action_event'):
        yield


def _sync(instance, driver_state, event_state=None):
    driver = FakeDriver(driver_state)
    sync = power_sync.PowerStateSync('h1', driver)
    state = driver_state if event_state is None else event_state
    sync.sync_instance(None, instance, state)
    return driver


def test_guest_shut_down_from_inside_stops_the_instance():
    inst = FakeInstance(vm_states.ACTIVE, power_state.RUNNING)
    driver = _sync(inst, power_state.SHUTDOWN)
    assert inst.vm_state == vm_states.STOPPED
    assert inst.power_state == power_state.SHUTDOWN
    assert inst.task_state is None
    assert driver.power_offs  # cleanly, with [DEFAULT] shutdown_timeout
    assert all(exp == [None] for exp, _vm, _p in inst.saves)


def test_pending_task_is_left_alone():
    inst = FakeInstance(vm_states.ACTIVE, power_state.RUNNING,
                        task_state='powering-off')
    driver = _sync(inst, power_state.SHUTDOWN)
    assert inst.saves == [] and driver.power_offs == []
    assert inst.vm_state == vm_states.ACTIVE


def test_stopped_instance_whose_guest_runs_is_powered_off():
    inst = FakeInstance(vm_states.STOPPED, power_state.SHUTDOWN)
    driver = _sync(inst, power_state.RUNNING)
    assert driver.power_offs == [0]  # forced
    assert inst.vm_state == vm_states.STOPPED
    assert inst.power_state == power_state.SHUTDOWN


@pytest.mark.parametrize('vm_state,vm_power', [
    (vm_states.ACTIVE, power_state.PAUSED),      # ignored, like Nova
    (vm_states.ACTIVE, power_state.NOSTATE),     # ignored, like Nova
    (vm_states.ERROR, power_state.SHUTDOWN),
    (vm_states.SUSPENDED, power_state.SHUTDOWN),
    (vm_states.BUILDING, power_state.NOSTATE),
])
def test_states_nova_does_not_act_on(vm_state, vm_power):
    inst = FakeInstance(vm_state, power_state.RUNNING)
    driver = _sync(inst, vm_power)
    assert driver.power_offs == []
    assert inst.vm_state == vm_state
    assert inst.power_state == vm_power  # but power_state is recorded


def test_paused_instance_whose_guest_went_off_is_stopped():
    inst = FakeInstance(vm_states.PAUSED, power_state.PAUSED)
    _sync(inst, power_state.SHUTDOWN)
    assert inst.vm_state == vm_states.STOPPED


def test_race_with_an_operation_is_not_an_error():
    inst = FakeInstance(vm_states.ACTIVE, power_state.RUNNING)
    inst.save_error = exception.UnexpectedTaskStateError(
        instance_uuid=inst.uuid, expected={}, actual={})
    _sync(inst, power_state.SHUTDOWN)  # no exception


def test_lifecycle_event_ignores_other_hosts_and_unknown_guests():
    sync = power_sync.PowerStateSync('h1', FakeDriver(power_state.SHUTDOWN))
    other = FakeInstance(vm_states.ACTIVE, power_state.RUNNING, host='h2')
    with mock.patch('nova_lite.objects.Instance', create=True) as cls:
        cls.get_by_uuid.return_value = other
        sync.handle_lifecycle_event(other.uuid, power_state.SHUTDOWN)
        assert other.saves == []
        cls.get_by_uuid.side_effect = exception.InstanceNotFound(
            instance_id='x')
        sync.handle_lifecycle_event(other.uuid, power_state.SHUTDOWN)


def test_lifecycle_event_syncs_with_the_event_state():
    sync = power_sync.PowerStateSync('h1', FakeDriver(power_state.SHUTDOWN))
    inst = FakeInstance(vm_states.ACTIVE, power_state.RUNNING)
    with mock.patch('nova_lite.objects.Instance', create=True) as cls:
        cls.get_by_uuid.return_value = inst
        sync.handle_lifecycle_event(inst.uuid, power_state.SHUTDOWN)
    assert inst.vm_state == vm_states.STOPPED


def test_periodic_sync_skips_instances_with_a_task():
    driver = FakeDriver(power_state.SHUTDOWN)
    sync = power_sync.PowerStateSync('h1', driver)
    busy = FakeInstance(vm_states.ACTIVE, power_state.RUNNING,
                        task_state='rebooting')
    idle = FakeInstance(vm_states.ACTIVE, power_state.RUNNING)
    with mock.patch('nova_lite.objects.InstanceList', create=True) as cls:
        cls.get_by_host.return_value = [busy, idle]
        sync.sync_power_states(None)
    assert busy.saves == [] and busy.vm_state == vm_states.ACTIVE
    assert idle.vm_state == vm_states.STOPPED
