"""What a compute does with builds it may never finish: at start-up an
unstarted build (scheduling) goes back to the conductor, a started one
goes to ERROR with its claim released; periodically the same give-back
for claimed builds no message here holds, and ERROR past
instance_build_timeout."""
import datetime
from unittest import mock

from oslo_utils import timeutils
import pytest

from nova_lite.compute.build import manager as build_manager
from nova_lite.compute.build import recovery
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from tests import conf as test_conf

objects.register_all()
CONF = test_conf.parse_once()
UUID = '00000000-0000-0000-0000-0000000000b1'


def _instance(task_state, vm_state=vm_states.BUILDING, age=0):
    stamp = timeutils.utcnow() - datetime.timedelta(seconds=age)
    return mock.Mock(uuid=UUID, vm_state=vm_state, task_state=task_state,
                     created_at=stamp, updated_at=stamp)


@pytest.fixture
def parts(monkeypatch):
    guests = mock.Mock(host='cmp1')
    conductor = mock.Mock()
    conductor.can_reschedule_build.return_value = True
    builds = build_manager.BuildManager(guests, conductor)
    rec = recovery.BuildRecovery(guests, builds, conductor, networks=None)
    release = mock.Mock()
    monkeypatch.setattr(objects.Allocation, 'release', release)
    place = mock.Mock()
    monkeypatch.setattr(recovery.compute_utils, 'place', place)
    fault = mock.Mock()
    monkeypatch.setattr(recovery.compute_utils,
                        'add_instance_fault_from_exc', fault)
    yield mock.Mock(rec=rec, builds=builds, guests=guests,
                    conductor=conductor, release=release, place=place,
                    fault=fault)
    for name in ('instance_build_timeout', 'unstarted_build_timeout'):
        CONF.clear_override(name)


def test_unstarted_build_is_given_back_at_start(parts):
    instance = _instance(task_states.SCHEDULING)
    assert parts.rec.resolve_at_start(mock.Mock(), instance)
    parts.place.assert_called_once_with(mock.ANY, instance, None, None)
    instance.save.assert_called_once_with(
        expected_task_state=[task_states.SCHEDULING])
    parts.release.assert_called_once_with(mock.ANY, UUID)
    parts.conductor.reschedule_build.assert_called_once_with(mock.ANY,
                                                             instance)
    parts.guests.destroy_quietly.assert_not_called()
    assert instance.vm_state == vm_states.BUILDING


def test_started_build_goes_to_error_with_claim_released(parts):
    instance = _instance(task_states.SPAWNING)
    assert parts.rec.resolve_at_start(mock.Mock(), instance)
    assert (instance.vm_state, instance.task_state) == (vm_states.ERROR,
                                                        None)
    parts.fault.assert_called_once()
    parts.guests.destroy_quietly.assert_called_once()
    parts.release.assert_called_once_with(mock.ANY, UUID)
    parts.conductor.reschedule_build.assert_not_called()


def test_an_older_conductor_cannot_take_builds_back(parts):
    parts.conductor.can_reschedule_build.return_value = False
    instance = _instance(task_states.SCHEDULING)
    parts.rec.resolve_at_start(mock.Mock(), instance)
    assert instance.vm_state == vm_states.ERROR
    parts.conductor.reschedule_build.assert_not_called()


def test_a_build_given_back_meanwhile_is_left_alone(parts):
    instance = _instance(task_states.SCHEDULING)
    instance.save.side_effect = exception.UnexpectedTaskStateError(
        instance_uuid=UUID, expected='scheduling', actual='networking')
    parts.rec.resolve_at_start(mock.Mock(), instance)
    parts.release.assert_not_called()
    parts.conductor.reschedule_build.assert_not_called()


def test_not_building_is_not_resolved_here(parts):
    assert not parts.rec.resolve_at_start(
        mock.Mock(), _instance(None, vm_state=vm_states.ACTIVE))


def _periodic(parts, instance, monkeypatch):
    monkeypatch.setattr(objects.InstanceList, 'get_by_host',
                        mock.Mock(return_value=[instance]))
    parts.rec.check_builds(mock.Mock())


def test_build_timeout_puts_old_builds_in_error(parts, monkeypatch):
    CONF.set_override('instance_build_timeout', 60)
    instance = _instance(task_states.SPAWNING, age=120)
    _periodic(parts, instance, monkeypatch)
    assert instance.vm_state == vm_states.ERROR
    instance.save.assert_called_once_with(
        expected_task_state=[task_states.SPAWNING])
    exc = parts.fault.call_args.args[2]
    assert recovery.BUILD_TIMED_OUT in exc.format_message()
    parts.release.assert_called_once_with(mock.ANY, UUID)


def test_no_build_timeout_by_default(parts, monkeypatch):
    instance = _instance(task_states.SPAWNING, age=10 ** 6)
    _periodic(parts, instance, monkeypatch)
    assert instance.vm_state == vm_states.BUILDING


def test_claimed_build_nobody_holds_is_given_back(parts, monkeypatch):
    CONF.set_override('unstarted_build_timeout', 60)
    instance = _instance(task_states.SCHEDULING, age=120)
    _periodic(parts, instance, monkeypatch)
    parts.conductor.reschedule_build.assert_called_once()


def test_claimed_build_held_by_a_message_here_is_kept(parts, monkeypatch):
    CONF.set_override('unstarted_build_timeout', 60)
    instance = _instance(task_states.SCHEDULING, age=120)
    parts.builds._in_flight.add(UUID)
    _periodic(parts, instance, monkeypatch)
    parts.conductor.reschedule_build.assert_not_called()


def test_young_claimed_build_is_kept(parts, monkeypatch):
    CONF.set_override('unstarted_build_timeout', 60)
    instance = _instance(task_states.SCHEDULING, age=5)
    _periodic(parts, instance, monkeypatch)
    parts.conductor.reschedule_build.assert_not_called()


def test_stale_build_message_is_dropped(monkeypatch):
    guests = mock.Mock(host='cmp1')
    builds = build_manager.BuildManager(guests, mock.Mock())
    current = mock.Mock(host=None, vm_state=vm_states.BUILDING,
                        task_state=task_states.SCHEDULING)
    monkeypatch.setattr(objects.Instance, 'get_by_uuid',
                        mock.Mock(return_value=current))
    build = mock.Mock()
    monkeypatch.setattr(builds, '_build', build)
    builds.build_and_run_instance(mock.Mock(), mock.Mock(uuid=UUID), {},
                                  None, {})
    build.assert_not_called()
    assert not builds._in_flight
