"""The scheduler's host-state cache: filled once, then refreshed from the
nodes that changed; what the scheduler chose stays consumed until the
node's row changes; a failed claim re-reads its node."""
import datetime

import oslo_messaging as messaging
import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import host_manager
from nova_lite.scheduler import manager
from tests import conf as test_conf

objects.register_all()
T0 = datetime.datetime(2026, 1, 1, 12, 0, 0)


def _node(node_id, stamp, vcpus_used=0, memory_mb_used=0):
    name = 'h%d' % node_id
    return objects.ComputeNode(
        id=node_id, uuid='00000000-0000-0000-0000-%012d' % node_id,
        host=name, hypervisor_hostname=name, hypervisor_type='fake',
        hypervisor_version=1, vcpus=4, memory_mb=2048, local_gb=100,
        vcpus_used=vcpus_used, memory_mb_used=memory_mb_used,
        local_gb_used=0, reserved_host_cpus=0, reserved_host_memory_mb=0,
        reserved_host_disk_mb=0, cpu_allocation_ratio=1.0,
        ram_allocation_ratio=1.0, disk_allocation_ratio=1.0,
        created_at=T0, updated_at=stamp)


class FakeConductor(object):
    """The rows the conductor would answer, and what was asked."""

    def __init__(self, monkeypatch, nodes):
        self.rows = {n.id: n for n in nodes}
        self.calls = []
        self.disabled = set()
        conductor = self

        def get_all(cls, context):
            conductor.calls.append('all')
            return list(conductor.rows.values())

        def get_changed_since(cls, context, since):
            conductor.calls.append(('changed', since))
            since = datetime.datetime.fromisoformat(since)
            return [n for n in conductor.rows.values()
                    if (n.updated_at or n.created_at).replace(tzinfo=None)
                    >= since]

        def get_by_id(cls, context, node_id):
            conductor.calls.append(('one', node_id))
            return conductor.rows[node_id]

        def services(cls, context, filters=None):
            now = datetime.datetime.now(datetime.timezone.utc)
            return [objects.Service(host=n.host, binary='nova-compute',
                                    disabled=n.host in conductor.disabled,
                                    forced_down=False, last_seen_up=now)
                    for n in conductor.rows.values()]

        for cls, name, fn in (
                (objects.ComputeNodeList, 'get_all', get_all),
                (objects.ComputeNodeList, 'get_changed_since',
                 get_changed_since),
                (objects.ComputeNode, 'get_by_id', get_by_id),
                (objects.ServiceList, 'get_all', services),
                (objects.AggregateList, 'get_host_availability_zones',
                 lambda cls, context: {})):
            monkeypatch.setattr(cls, name, classmethod(fn))

    def change(self, node):
        self.rows[node.id] = node


class Clock(object):
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    test_conf.parse_once()
    return Clock()


def _spec(vcpus=1, memory_mb=512):
    return {'flavor': {'vcpus': vcpus, 'memory_mb': memory_mb, 'root_gb': 1,
                       'ephemeral_gb': 0, 'extra_specs': {}}}


def _states(hosts):
    return {s.host: s for s in hosts.host_states(None)}


def test_filled_once_then_only_changed_nodes_are_read(monkeypatch, clock):
    conductor = FakeConductor(monkeypatch, [_node(1, T0), _node(2, T0)])
    hosts = host_manager.HostManager(clock=clock)
    assert sorted(_states(hosts)) == ['h1', 'h2']
    assert conductor.calls == ['all']

    later = T0 + datetime.timedelta(seconds=10)
    conductor.change(_node(2, later, vcpus_used=3))
    conductor.change(_node(3, later))           # a new compute
    states = _states(hosts)
    assert conductor.calls[1] == (
        'changed', (T0 - host_manager.CHANGED_SINCE_MARGIN).isoformat())
    assert (states['h1'].free_vcpus, states['h2'].free_vcpus) == (4, 1)
    assert 'h3' in states
    # Next time from the newest stamp seen, less the margin.
    hosts.host_states(None)
    assert conductor.calls[2] == (
        'changed', (later - host_manager.CHANGED_SINCE_MARGIN).isoformat())
    assert 'all' not in conductor.calls[1:]


def test_everything_is_read_again_after_the_resync_interval(monkeypatch,
                                                            clock):
    conductor = FakeConductor(monkeypatch, [_node(1, T0)])
    hosts = host_manager.HostManager(clock=clock)
    hosts.host_states(None)
    clock.now += host_manager.FULL_RESYNC_SECONDS + 1
    # A row changed behind a stamp older than the cache's (a clock
    # stepped back): only the full read sees it.
    conductor.change(_node(1, T0 - datetime.timedelta(hours=1),
                           vcpus_used=4))
    assert _states(hosts)['h1'].free_vcpus == 0
    assert conductor.calls == ['all', 'all']


def test_choices_stay_consumed_until_the_node_changes(monkeypatch, clock):
    conductor = FakeConductor(monkeypatch, [_node(1, T0), _node(2, T0)])
    scheduler = manager.SchedulerManager(
        host_manager=host_manager.HostManager(clock=clock))

    def select(memory_mb=1024):
        return [s[0]['host'] for s in scheduler.select_destinations(
            None, _spec(memory_mb=memory_mb), {}, ['u'])]

    # Each host has 2048 MB: two 1024 MB boots fill one host each
    # (spread), the cache remembering the first while the rows stay as
    # they were (the margin re-reads them: same stamps, not applied).
    assert sorted(select() + select()) == ['h1', 'h2']
    states = _states(scheduler.host_manager)
    assert states['h1'].free_ram_mb == states['h2'].free_ram_mb == 1024
    # The conductor's claim lands on h1 and another scheduler's on h1 too:
    # the row is the truth, and h2 keeps what this scheduler consumed.
    conductor.change(_node(1, T0 + datetime.timedelta(seconds=1),
                           memory_mb_used=2048))
    assert select() == ['h2']
    states = _states(scheduler.host_manager)
    assert (states['h1'].free_ram_mb, states['h2'].free_ram_mb) == (0, 0)


def test_a_request_that_finds_no_host_consumes_nothing(monkeypatch, clock):
    FakeConductor(monkeypatch, [_node(1, T0)])
    scheduler = manager.SchedulerManager(
        host_manager=host_manager.HostManager(clock=clock))
    with pytest.raises(messaging.ExpectedException) as info:
        # Two of 1536 MB do not fit in 2048: the first was placed, then
        # the second found nothing.
        scheduler.select_destinations(None, _spec(memory_mb=1536), {},
                                      ['u1', 'u2'])
    assert isinstance(info.value.exc_info[1], exception.NoValidHost)
    assert _states(scheduler.host_manager)['h1'].free_ram_mb == 2048


def test_refresh_nodes_rereads_a_node_whose_claim_failed(monkeypatch,
                                                         clock):
    conductor = FakeConductor(monkeypatch, [_node(1, T0), _node(2, T0)])
    scheduler = manager.SchedulerManager(
        host_manager=host_manager.HostManager(clock=clock))
    _states(scheduler.host_manager)
    # Another scheduler filled h1 with a row stamped no later than what
    # this cache holds: no changed-since read would replace it.
    conductor.change(_node(1, T0, vcpus_used=4, memory_mb_used=2048))
    assert _states(scheduler.host_manager)['h1'].free_vcpus == 4
    scheduler.refresh_nodes(None, [1])
    assert ('one', 1) in conductor.calls
    states = _states(scheduler.host_manager)
    assert (states['h1'].free_vcpus, states['h2'].free_vcpus) == (0, 4)
    hosts = scheduler.select_destinations(None, _spec(), {}, ['u'])
    assert [h['host'] for h in hosts[0]] == ['h2']


def test_service_changes_are_seen_after_the_service_cache(monkeypatch,
                                                          clock):
    conductor = FakeConductor(monkeypatch, [_node(1, T0), _node(2, T0)])
    hosts = host_manager.HostManager(clock=clock)
    assert not any(s.service_disabled for s in hosts.host_states(None))
    conductor.disabled.add('h1')
    assert not _states(hosts)['h1'].service_disabled
    clock.now += host_manager.SERVICE_CACHE_SECONDS + 0.1
    states = _states(hosts)
    assert states['h1'].service_disabled
    assert not states['h2'].service_disabled
