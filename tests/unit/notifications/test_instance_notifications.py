"""Versioned (and legacy) instance notifications: envelope, payload and
the switches, one test per event. Sent through oslo.messaging's in-memory
'test' notifier driver."""
from unittest import mock

import pytest

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects
from nova_lite import rpc
from tests.unit.api import fakes

CONF = nl_conf.CONF
objects.register_all()


def _ctx():
    return nl_context.RequestContext(user_id='alice', project_id='proj1',
                                     request_id='req-1234')


def _only(sent):
    assert len(sent) == 1, [m[1]['event_type'] for m in sent]
    return sent[0][1]


def _raise(exc):
    try:
        raise exc
    except Exception as caught:
        return caught


ACTIONS = [(action, phase) for action in (
    'delete', 'power_on', 'power_off', 'reboot', 'pause', 'unpause',
    'suspend', 'resume') for phase in ('start', 'end')] + [
    ('reboot', 'error')]


@pytest.mark.parametrize('action,phase', ACTIONS)
def test_instance_action(sent, action, phase):
    instance = fakes.make_instance(task_state='powering-off')
    exc = _raise(exception.NovaLiteException('boom')) \
        if phase == 'error' else None
    notifications.notify_about_instance_action(
        _ctx(), instance, 'fc1', action, phase, exception=exc)
    msg = _only(sent)
    assert msg['event_type'] == 'instance.%s.%s' % (action, phase)
    assert msg['publisher_id'] == 'nova-compute:fc1'
    assert msg['priority'] == ('ERROR' if phase == 'error' else 'INFO')
    payload = msg['payload']
    assert payload['nova_object.name'] == 'InstanceActionPayload'
    assert payload['nova_object.namespace'] == 'nova'
    data = payload['nova_object.data']
    assert data['uuid'] == instance.uuid
    assert data['display_name'] == 'server-1'
    assert data['host'] == 'host1'
    assert data['state'] == 'active'
    assert data['power_state'] == 'running'
    assert data['task_state'] == 'powering-off'
    assert data['tenant_id'] == fakes.PROJECT
    assert data['user_id'] == fakes.USER
    assert data['image_uuid'] == instance.image_ref
    assert data['action_initiator_user'] == 'alice'
    assert data['action_initiator_project'] == 'proj1'
    assert data['request_id'] == 'req-1234'
    flavor = data['flavor']
    assert flavor['nova_object.name'] == 'FlavorPayload'
    assert flavor['nova_object.data']['memory_mb'] == 512
    if phase == 'error':
        fault = data['fault']['nova_object.data']
        assert fault['exception'] == 'NovaLiteException'
        assert fault['exception_message'] == 'boom'
        assert fault['function_name'] == '_raise'
    else:
        assert data['fault'] is None


@pytest.mark.parametrize('phase', ['start', 'end', 'error'])
def test_instance_create(sent, phase):
    instance = fakes.make_instance(vm_state='building',
                                   task_state='spawning', tags=['a'])
    exc = _raise(exception.NoValidHost(reason='x')) \
        if phase == 'error' else None
    notifications.notify_about_instance_create(_ctx(), instance, 'fc2',
                                               phase, exception=exc)
    msg = _only(sent)
    assert msg['event_type'] == 'instance.create.%s' % phase
    assert msg['publisher_id'] == 'nova-compute:fc2'
    payload = msg['payload']
    assert payload['nova_object.name'] == 'InstanceCreatePayload'
    data = payload['nova_object.data']
    assert data['state'] == 'building'
    assert data['tags'] == ['a']
    assert data['instance_name'] == 'instance-00000001'
    assert (data['fault'] is None) is (phase != 'error')


@pytest.mark.parametrize('phase', ['start', 'end', 'error'])
def test_instance_rebuild(sent, phase):
    instance = fakes.make_instance(task_state='rebuilding')
    notifications.notify_about_instance_rebuild(
        _ctx(), instance, 'fc1', phase,
        exception=_raise(ValueError('bad')) if phase == 'error' else None)
    msg = _only(sent)
    assert msg['event_type'] == 'instance.rebuild.%s' % phase
    assert msg['payload']['nova_object.name'] == \
        'InstanceActionRebuildPayload'
    assert msg['payload']['nova_object.data']['task_state'] == 'rebuilding'


def test_instance_delete_from_the_api_has_an_api_publisher(sent):
    notifications.notify_about_instance_action(
        _ctx(), fakes.make_instance(), 'ctl', 'delete', 'start',
        binary='nova-api')
    assert _only(sent)['publisher_id'] == 'nova-api:ctl'


def test_instance_update_only_when_asked(sent):
    instance = fakes.make_instance(vm_state='active', task_state=None)
    notifications.send_update(_ctx(), instance, 'building', 'spawning')
    assert sent == []
    CONF.set_override('notify_on_state_change', 'vm_state',
                      group='notifications')
    notifications.send_update(_ctx(), instance, 'active', 'rebooting')
    assert sent == []  # only the task_state changed
    notifications.send_update(_ctx(), instance, 'building', 'spawning')
    msg = _only(sent)
    assert msg['event_type'] == 'instance.update'
    assert msg['publisher_id'] == 'nova-compute:host1'
    data = msg['payload']['nova_object.data']
    assert msg['payload']['nova_object.name'] == 'InstanceUpdatePayload'
    assert data['state_update']['nova_object.data'] == {
        'old_state': 'building', 'state': 'active',
        'old_task_state': 'spawning', 'new_task_state': None}
    del sent[:]
    CONF.set_override('notify_on_state_change', 'vm_and_task_state',
                      group='notifications')
    notifications.send_update(_ctx(), instance, 'active', 'rebooting')
    assert _only(sent)['event_type'] == 'instance.update'


def test_unversioned_format(sent):
    CONF.set_override('notification_format', 'unversioned',
                      group='notifications')
    notifications.notify_about_instance_action(
        _ctx(), fakes.make_instance(), 'fc1', 'power_off', 'end')
    msg = _only(sent)
    assert msg['event_type'] == 'compute.instance.power_off.end'
    assert msg['publisher_id'] == 'compute.fc1'
    assert msg['payload']['state'] == 'active'
    assert 'nova_object.name' not in msg['payload']


def test_both_formats(sent):
    CONF.set_override('notification_format', 'both', group='notifications')
    notifications.notify_about_instance_create(
        _ctx(), fakes.make_instance(), 'fc1', 'start')
    assert sorted(m[1]['event_type'] for m in sent) == [
        'compute.instance.create.start', 'instance.create.start']


@pytest.mark.parametrize('driver', [[], ['noop']])
def test_no_driver_no_notifications(sent, driver):
    CONF.set_override('driver', driver, group='oslo_messaging_notifications')
    notifications.notify_about_instance_action(
        _ctx(), fakes.make_instance(), 'fc1', 'pause', 'start')
    assert sent == []


def test_a_failing_notifier_never_breaks_the_operation(sent, monkeypatch):
    monkeypatch.setattr(
        rpc, 'VERSIONED_NOTIFIER',
        mock.Mock(prepare=mock.Mock(return_value=mock.Mock(
            info=mock.Mock(side_effect=RuntimeError('bus down'))))))
    notifications.notify_about_instance_action(
        _ctx(), fakes.make_instance(), 'fc1', 'pause', 'start')


@pytest.mark.parametrize('event,action', [
    ('stop_instance', 'power_off'), ('start_instance', 'power_on'),
    ('reboot_instance', 'reboot'), ('pause_instance', 'pause'),
    ('unpause_instance', 'unpause'), ('suspend_instance', 'suspend'),
    ('resume_instance', 'resume')])
def test_action_notification_wraps_compute_operations(sent, event, action):
    instance = fakes.make_instance()
    with notifications.ActionNotification(_ctx(), instance, 'fc1', event):
        pass
    assert [m[1]['event_type'] for m in sent] == [
        'instance.%s.start' % action, 'instance.%s.end' % action]


def test_action_notification_error_only_for_reboot(sent):
    for event in ('reboot_instance', 'stop_instance'):
        with pytest.raises(ValueError):
            with notifications.ActionNotification(
                    _ctx(), fakes.make_instance(), 'fc1', event):
                raise ValueError('x')
    assert [m[1]['event_type'] for m in sent] == [
        'instance.reboot.start', 'instance.reboot.error',
        'instance.power_off.start']


def test_rpc_init_makes_a_versioned_notifier_on_its_topics():
    saved = (rpc.TRANSPORT, rpc.NOTIFICATION_TRANSPORT, rpc.NOTIFIER,
             rpc.VERSIONED_NOTIFIER)
    rpc.TRANSPORT = None
    try:
        CONF.set_override('transport_url', 'fake:/')
        rpc.init(CONF)
        assert rpc.VERSIONED_NOTIFIER._topics == ['versioned_notifications']
        rpc.cleanup()
    finally:
        CONF.clear_override('transport_url')
        (rpc.TRANSPORT, rpc.NOTIFICATION_TRANSPORT, rpc.NOTIFIER,
         rpc.VERSIONED_NOTIFIER) = saved
