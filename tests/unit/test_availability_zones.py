"""Availability zones from aggregates, the aggregate zone rules and the
forced-host syntax."""
import types

import pytest

from nova_lite import availability_zones as azs
from nova_lite.compute import aggregates as aggregate_api
from nova_lite import conf as nl_conf  # noqa: F401 - registers options
from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import forced_hosts

objects.register_all()


class Ctx(object):
    request_id = 'req-test'

    def elevated(self):
        return self


def _service(host, binary='nova-compute', disabled=False):
    return types.SimpleNamespace(host=host, binary=binary,
                                 disabled=disabled)


@pytest.fixture
def zones(monkeypatch):
    store = {'fc1': ['az1'], 'both': ['b', 'a']}
    monkeypatch.setattr(objects.AggregateList, 'get_host_availability_zones',
                        classmethod(lambda cls, ctx: store))
    return store


def test_host_zone_map_joins_several_zones(zones):
    assert azs.host_zone_map(Ctx()) == {'fc1': 'az1', 'both': 'a,b'}


def test_host_zone_defaults(zones):
    assert azs.get_host_availability_zone(Ctx(), 'fc1') == 'az1'
    assert azs.get_host_availability_zone(Ctx(), 'fc2') == 'nova'


def test_service_zone():
    zone_map = {'fc1': 'az1'}
    assert azs.service_zone(_service('fc1'), zone_map) == 'az1'
    assert azs.service_zone(_service('fc2'), zone_map) == 'nova'
    assert azs.service_zone(_service('fc1', 'nova-scheduler'),
                            zone_map) == 'internal'


def test_available_and_unavailable_zones():
    services = [_service('ctl', 'nova-conductor'),
                _service('fc1'), _service('fc2', disabled=True),
                _service('fc3', disabled=True)]
    zone_map = {'fc1': 'az1', 'fc2': 'az2', 'fc3': 'az1'}
    available, unavailable = azs.get_availability_zones(
        Ctx(), services=services, zone_map=zone_map)
    assert available == ['az1', 'internal']
    assert unavailable == ['az2']


@pytest.mark.parametrize('value, expected', [
    (None, (None, None, None)),
    ('az1', ('az1', None, None)),
    ('az1:fc1', ('az1', 'fc1', None)),
    ('az1:fc1:node', ('az1', 'fc1', 'node')),
    ('az1::node', ('az1', None, 'node')),
    (':fc1', (None, 'fc1', None)),
])
def test_parse_availability_zone(value, expected):
    assert azs.parse_availability_zone(value) == expected


def test_parse_availability_zone_too_many_colons():
    with pytest.raises(exception.InvalidInput) as exc:
        azs.parse_availability_zone('a:b:c:d')
    assert exc.value.format_message() == \
        'Invalid input received: Unable to parse availability_zone'


def test_validate_requested(monkeypatch, zones):
    monkeypatch.setattr(objects.ServiceList, 'get_all', classmethod(
        lambda cls, ctx, filters=None: [_service('fc1'), _service('fc2')]))
    assert azs.validate_requested(Ctx(), 'az1') == ('az1', None, None)
    assert azs.validate_requested(Ctx(), 'nova') == ('nova', None, None)
    with pytest.raises(exception.Invalid) as exc:
        azs.validate_requested(Ctx(), 'az9')
    assert exc.value.format_message() == \
        'The requested availability zone is not available'
    # A forced host skips the check, as in Nova.
    assert azs.validate_requested(Ctx(), 'az9:fc2') == ('az9', 'fc2', None)


def test_forced_hosts():
    hosts = [types.SimpleNamespace(host=h, nodename=h) for h in
             ('fc1', 'fc2')]
    assert forced_hosts.forced(hosts, {}) == (hosts, False)
    chosen, skip = forced_hosts.forced(hosts, {'force_hosts': ['fc2']})
    assert [h.host for h in chosen] == ['fc2'] and skip
    chosen, skip = forced_hosts.forced(hosts, {'force_nodes': ['fc1']})
    assert [h.host for h in chosen] == ['fc1'] and skip


# -- the aggregate zone rules ------------------------------------------------

def _aggregate(agg_id, name, hosts=(), zone=None):
    agg = objects.Aggregate(id=agg_id, name=name, hosts=list(hosts),
                            metadata={'availability_zone': zone}
                            if zone else {})
    return agg


@pytest.fixture
def aggregates(monkeypatch):
    store = {1: _aggregate(1, 'one', ['fc1'], 'az1'),
             2: _aggregate(2, 'two', [], 'az2')}
    instances = {'fc1': ['inst']}

    def by_host(cls, ctx, host, key=None):
        return [a for a in store.values() if host in a.hosts and
                (key is None or key in a.metadata)]

    monkeypatch.setattr(objects.AggregateList, 'get_by_host',
                        classmethod(by_host))
    monkeypatch.setattr(objects.InstanceList, 'get_by_host', classmethod(
        lambda cls, ctx, host: instances.get(host, [])))
    return store, instances


def test_host_cannot_join_a_second_zone(aggregates):
    store, _ = aggregates
    api = aggregate_api.AggregateAPI()
    with pytest.raises(exception.InvalidAggregateActionAdd) as exc:
        api.is_safe_to_update_az(Ctx(), store[2].metadata, store[2],
                                 hosts=['fc1'])
    assert exc.value.format_message() == (
        "Cannot add host to aggregate 2. Reason: One or more hosts already "
        "in availability zone(s) ['az1'].")
    # The same zone is fine.
    api.is_safe_to_update_az(Ctx(), {'availability_zone': 'az1'}, store[2],
                             hosts=['fc1'])


def test_zone_of_hosts_with_instances_cannot_change(aggregates):
    store, instances = aggregates
    api = aggregate_api.AggregateAPI()
    with pytest.raises(exception.InvalidAggregateActionUpdateMeta) as exc:
        api.is_safe_to_update_az(Ctx(), {'availability_zone': 'az9'},
                                 store[1], action=aggregate_api.
                                 ACTION_UPDATE_META, check_no_instances=True)
    assert 'One or more hosts contain instances in this zone' in \
        exc.value.format_message()
    instances.clear()
    api.is_safe_to_update_az(Ctx(), {'availability_zone': 'az9'}, store[1],
                             action=aggregate_api.ACTION_UPDATE_META,
                             check_no_instances=True)


def test_empty_zone_is_refused(aggregates):
    store, _ = aggregates
    api = aggregate_api.AggregateAPI()
    with pytest.raises(exception.InvalidAggregateActionUpdate) as exc:
        api.is_safe_to_update_az(Ctx(), {'availability_zone': None},
                                 store[2], action=aggregate_api.ACTION_UPDATE)
    assert exc.value.code == 400
    assert 'does not support empty named availability zone' in \
        exc.value.format_message()


def test_delete_refuses_non_empty(monkeypatch, aggregates):
    store, _ = aggregates
    monkeypatch.setattr(objects.Aggregate, 'get_by_id', classmethod(
        lambda cls, ctx, agg_id: store[agg_id]))
    with pytest.raises(exception.InvalidAggregateActionDelete) as exc:
        aggregate_api.AggregateAPI().delete_aggregate(Ctx(), 1)
    assert exc.value.format_message() == \
        'Cannot remove host from aggregate 1. Reason: Host aggregate is not empty.'
