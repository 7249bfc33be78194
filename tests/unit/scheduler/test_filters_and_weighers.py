import datetime

import pytest

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import filters
from nova_lite.scheduler import host_state
from nova_lite.scheduler import weighers
from tests import conf as test_conf

CONF = nl_conf.CONF
objects.register_all()


def _host(name, vcpus=4, memory_mb=4096, local_gb=100, vcpus_used=0,
          memory_mb_used=0, local_gb_used=0, up=True, disabled=False,
          ratio=1.0):
    node = objects.ComputeNode(
        id=hash(name) % 1000, uuid='00000000-0000-0000-0000-000000000001',
        host=name, hypervisor_hostname=name, vcpus=vcpus,
        memory_mb=memory_mb, local_gb=local_gb, vcpus_used=vcpus_used,
        memory_mb_used=memory_mb_used, local_gb_used=local_gb_used,
        reserved_host_cpus=0, reserved_host_memory_mb=0,
        reserved_host_disk_mb=0, cpu_allocation_ratio=ratio,
        ram_allocation_ratio=1.0, disk_allocation_ratio=1.0,
        hypervisor_type='fake', hypervisor_version=1)
    service = objects.Service(host=name, binary='nova-compute',
                              disabled=disabled, forced_down=False)
    return host_state.HostState(node, service, up)


def _spec(vcpus=1, memory_mb=512, root_gb=1, ephemeral_gb=0, **extra):
    spec = {'flavor': {'vcpus': vcpus, 'memory_mb': memory_mb,
                       'root_gb': root_gb, 'ephemeral_gb': ephemeral_gb,
                       'extra_specs': {}}}
    spec.update(extra)
    return spec


@pytest.mark.parametrize('name,host_kwargs,spec_kwargs,passes', [
    ('ComputeFilter', {}, {}, True),
    ('ComputeFilter', {'up': False}, {}, False),
    ('ComputeFilter', {'disabled': True}, {}, False),
    ('RamFilter', {'memory_mb': 1024, 'memory_mb_used': 600}, {}, False),
    ('RamFilter', {'memory_mb': 1024, 'memory_mb_used': 512}, {}, True),
    ('VCPUFilter', {'vcpus': 1, 'vcpus_used': 1}, {}, False),
    ('VCPUFilter', {'vcpus': 1, 'vcpus_used': 1, 'ratio': 2.0}, {}, True),
    ('DiskFilter', {'local_gb': 10, 'local_gb_used': 9},
     {'root_gb': 1, 'ephemeral_gb': 1}, False),
    # Booted from volume: the root disk is not wanted on the host.
    ('DiskFilter', {'local_gb': 10, 'local_gb_used': 9},
     {'root_gb': 5, 'ephemeral_gb': 1, 'is_bfv': True}, True),
    ('DiskFilter', {'local_gb': 10, 'local_gb_used': 9},
     {'root_gb': 5, 'ephemeral_gb': 2, 'is_bfv': True}, False),
    ('AvailabilityZoneFilter', {}, {'availability_zone': 'nova'}, True),
    ('AvailabilityZoneFilter', {}, {'availability_zone': 'other'}, False),
])
def test_filter(name, host_kwargs, spec_kwargs, passes):
    (host_filter,) = filters.load_filters([name])
    spec = _spec(**{k: v for k, v in spec_kwargs.items()
                    if k in ('vcpus', 'memory_mb', 'root_gb',
                             'ephemeral_gb')})
    spec.update({k: v for k, v in spec_kwargs.items()
                 if k in ('availability_zone', 'is_bfv')})
    assert host_filter.host_passes(_host('h', **host_kwargs), spec) is passes


def test_retry_filter_skips_hosts_already_tried():
    (retry,) = filters.load_filters(['RetryFilter'])
    spec = _spec(retry={'hosts': [['h1', 'h1']]})
    assert not retry.host_passes(_host('h1'), spec)
    assert retry.host_passes(_host('h2'), spec)


def test_capabilities_filter_matches_extra_specs():
    (caps,) = filters.load_filters(['ComputeCapabilitiesFilter'])
    spec = _spec()
    spec['flavor']['extra_specs'] = {'capabilities:hypervisor_type': 'fake'}
    assert caps.host_passes(_host('h'), spec)
    spec['flavor']['extra_specs'] = {'capabilities:hypervisor_type': 'kvm'}
    assert not caps.host_passes(_host('h'), spec)


def test_unknown_filter_is_a_clear_error():
    with pytest.raises(exception.InvalidInput):
        filters.load_filters(['NoSuchFilter'])


def test_weighers_spread_by_default_and_stack_with_negative_multiplier():
    hosts = [_host('busy', memory_mb_used=3000), _host('idle')]
    ranked = weighers.weigh_hosts(
        weighers.load_weighers(['RAMWeigher']), hosts, _spec())
    assert [h.host for h in ranked] == ['idle', 'busy']
    CONF.set_override('ram_weight_multiplier', -1.0,
                      group='filter_scheduler')
    try:
        ranked = weighers.weigh_hosts(
            weighers.load_weighers(['RAMWeigher']), hosts, _spec())
        assert [h.host for h in ranked] == ['busy', 'idle']
    finally:
        CONF.clear_override('ram_weight_multiplier',
                            group='filter_scheduler')


def test_consume_from_request_spreads_one_multi_instance_request():
    a, b = _host('a'), _host('b')
    w = weighers.load_weighers(['RAMWeigher'])
    placed = []
    for _ in range(4):
        best = weighers.weigh_hosts(w, [a, b], _spec())[0]
        best.consume_from_request(_spec())
        placed.append(best.host)
    assert sorted(placed) == ['a', 'a', 'b', 'b']


def test_service_is_up_uses_last_heartbeat():
    from nova_lite import servicegroup
    test_conf.parse_once()
    now = datetime.datetime.now(datetime.timezone.utc)
    svc = objects.Service(forced_down=False, last_seen_up=now)
    assert servicegroup.service_is_up(svc)
    svc.last_seen_up = now - datetime.timedelta(
        seconds=CONF.service_down_time + 1)
    assert not servicegroup.service_is_up(svc)
    svc.last_seen_up = now
    svc.forced_down = True
    assert not servicegroup.service_is_up(svc)


_HOSTS = [_host('h1'), _host('h2', memory_mb_used=3800, vcpus_used=4),
          _host('h3', local_gb_used=99), _host('h4', up=False),
          _host('h5', disabled=True), _host('h6', ratio=2.0, vcpus_used=5)]
_SPECS = [
    _spec(),
    _spec(vcpus=2, memory_mb=1024, root_gb=5, availability_zone='nova'),
    _spec(availability_zone='other', is_bfv=True, root_gb=50),
    _spec(retry={'hosts': [['h1', 'h1'], ['h3', 'h3']]}),
    _spec(instance_group={'policy': 'affinity', 'hosts': ['h2']}),
    _spec(instance_group={'policy': 'anti-affinity', 'hosts': ['h1']}),
    dict(_spec(), flavor=dict(_spec()['flavor'], extra_specs={
        'capabilities:hypervisor_type': 'fake'})),
]


@pytest.mark.parametrize('name', sorted(
    cls.__name__ for cls in filters.all_filters()))
@pytest.mark.parametrize('spec', _SPECS)
def test_filter_all_keeps_the_hosts_that_pass_one_by_one(name, spec):
    """Filters pass many hosts in one go (and skip requests they cannot
    refuse): the same hosts host_passes keeps."""
    (host_filter,) = filters.load_filters([name])
    assert [h.host for h in host_filter.filter_all(_HOSTS, spec)] == [
        h.host for h in _HOSTS if host_filter.host_passes(h, spec)]


def test_weighing_keeps_the_order_of_equal_hosts_and_the_best_limit():
    hosts = [_host('a'), _host('b', memory_mb_used=1000), _host('c'),
             _host('d', memory_mb_used=2000)]
    every = weighers.load_weighers(['RAMWeigher', 'CPUWeigher',
                                    'ServerGroupSoftAffinityWeigher'])
    ranked = weighers.weigh_hosts(every, hosts, _spec())
    assert [h.host for h in ranked] == ['a', 'c', 'b', 'd']
    assert [h.host for h in weighers.weigh_hosts(
        every, hosts, _spec(), limit=3)] == ['a', 'c', 'b']
