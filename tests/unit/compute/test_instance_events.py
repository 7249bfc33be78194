"""Waiting for network-vif-plugged: events prepared before the guest
starts, popped by external_instance_event, a timeout fatal or not as
vif_plugging_is_fatal says."""
import threading
import types

import pytest

from nova_lite.compute import external_events
from nova_lite.compute import instance_events
from nova_lite import exception

INSTANCE = types.SimpleNamespace(uuid='11111111-2222-3333-4444-555555555555')
NETWORK_INFO = [{'id': 'port-1', 'active': False},
                {'id': 'port-2', 'active': True}]


def _virtapi(timeout=5, fatal=True):
    events = instance_events.InstanceEvents()
    conf = types.SimpleNamespace(vif_plugging_timeout=timeout,
                                 vif_plugging_is_fatal=fatal)
    return events, instance_events.ComputeVirtAPI(events, conf)


class _Networks(object):
    def __init__(self):
        self.calls = []

    def network_changed(self, ctx, instance, tag):
        self.calls.append(('changed', tag))

    def vif_deleted(self, ctx, instance, tag):
        self.calls.append(('deleted', tag))


def _router(events, networks=None):
    guests = types.SimpleNamespace(host='cmp1', driver=None)
    return external_events.ExternalEvents(guests, events,
                                          networks or _Networks())


def test_only_inactive_vifs_are_awaited():
    assert instance_events.ComputeVirtAPI.vif_plugged_events(
        NETWORK_INFO) == [('network-vif-plugged', 'port-1')]


def test_an_event_that_arrives_inside_the_body_is_not_lost():
    events, virtapi = _virtapi()
    router = _router(events)
    with virtapi.wait_for_vif_plugging(INSTANCE, NETWORK_INFO):
        assert events.waiting(INSTANCE) == ['network-vif-plugged-port-1']
        router.external_instance_event(None, [INSTANCE], [
            {'name': 'network-vif-plugged', 'tag': 'port-1',
             'status': 'completed', 'server_uuid': INSTANCE.uuid}])
    assert events.waiting(INSTANCE) == []


def test_an_event_from_another_thread_ends_the_wait():
    events, virtapi = _virtapi()
    router = _router(events)
    sender = threading.Thread(target=router.external_instance_event, args=(
        None, [INSTANCE], [{'name': 'network-vif-plugged', 'tag': 'port-1',
                            'server_uuid': INSTANCE.uuid}]))
    with virtapi.wait_for_vif_plugging(INSTANCE, NETWORK_INFO):
        sender.start()
    sender.join()


def test_timeout_is_fatal_when_configured():
    events, virtapi = _virtapi(timeout=0.01, fatal=True)
    with pytest.raises(exception.VirtualInterfaceCreateException):
        with virtapi.wait_for_vif_plugging(INSTANCE, NETWORK_INFO):
            pass
    assert events.waiting(INSTANCE) == []


def test_timeout_is_ignored_when_not_fatal():
    events, virtapi = _virtapi(timeout=0.01, fatal=False)
    with virtapi.wait_for_vif_plugging(INSTANCE, NETWORK_INFO):
        pass


def test_a_failed_event_is_fatal():
    events, virtapi = _virtapi()
    router = _router(events)
    with pytest.raises(exception.VirtualInterfaceCreateException):
        with virtapi.wait_for_vif_plugging(INSTANCE, NETWORK_INFO):
            router.external_instance_event(None, [INSTANCE], [
                {'name': 'network-vif-plugged', 'tag': 'port-1',
                 'status': 'failed', 'server_uuid': INSTANCE.uuid}])


def test_wait_for_instance_event_raises_timeout_itself():
    events, virtapi = _virtapi()
    with pytest.raises(exception.InstanceEventTimeout):
        with virtapi.wait_for_instance_event(
                INSTANCE, [('network-vif-plugged', 'port-1')],
                deadline=0.01):
            pass


def test_network_events_are_routed():
    events, _ = _virtapi()
    networks = _Networks()
    router = _router(events, networks)
    router.external_instance_event(None, [INSTANCE], [
        {'name': 'network-changed', 'tag': 'port-1',
         'server_uuid': INSTANCE.uuid},
        {'name': 'network-vif-deleted', 'tag': 'port-2',
         'server_uuid': INSTANCE.uuid}])
    assert networks.calls == [('changed', 'port-1'), ('deleted', 'port-2')]
