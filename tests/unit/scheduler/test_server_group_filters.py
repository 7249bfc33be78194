"""Server group filters and weighers: spec['instance_group'] carries the
policy, rules and the host of every member placed so far."""
import pytest

from nova_lite.scheduler import filters
from nova_lite.scheduler import weighers
from tests.unit.scheduler.test_filters_and_weighers import _host
from tests.unit.scheduler.test_filters_and_weighers import _spec


def _group_spec(policy, hosts, rules=None):
    return _spec(instance_group={'uuid': 'g', 'policy': policy,
                                 'rules': rules or {}, 'members': [],
                                 'hosts': hosts})


@pytest.mark.parametrize('name,policy,hosts,rules,host,passes', [
    ('ServerGroupAffinityFilter', 'affinity', [], None, 'h1', True),
    ('ServerGroupAffinityFilter', 'affinity', ['h1'], None, 'h1', True),
    ('ServerGroupAffinityFilter', 'affinity', ['h1'], None, 'h2', False),
    ('ServerGroupAffinityFilter', 'anti-affinity', ['h1'], None, 'h2', True),
    ('ServerGroupAntiAffinityFilter', 'anti-affinity', [], None, 'h1', True),
    ('ServerGroupAntiAffinityFilter', 'anti-affinity', ['h1'], None, 'h1',
     False),
    ('ServerGroupAntiAffinityFilter', 'anti-affinity', ['h1'], None, 'h2',
     True),
    ('ServerGroupAntiAffinityFilter', 'anti-affinity', ['h1'],
     {'max_server_per_host': 2}, 'h1', True),
    ('ServerGroupAntiAffinityFilter', 'anti-affinity', ['h1', 'h1'],
     {'max_server_per_host': 2}, 'h1', False),
    ('ServerGroupAntiAffinityFilter', 'affinity', ['h1'], None, 'h1', True),
])
def test_group_filters(name, policy, hosts, rules, host, passes):
    (host_filter,) = filters.load_filters([name])
    spec = _group_spec(policy, hosts, rules)
    assert host_filter.host_passes(_host(host), spec) is passes


@pytest.mark.parametrize('name', ['ServerGroupAffinityFilter',
                                  'ServerGroupAntiAffinityFilter'])
def test_group_filters_pass_without_a_group(name):
    (host_filter,) = filters.load_filters([name])
    assert host_filter.host_passes(_host('h1'), _spec())
    assert host_filter.host_passes(_host('h1'),
                                   _spec(instance_group=None))


def test_enabled_by_default():
    from nova_lite import conf as nl_conf
    conf = nl_conf.CONF.filter_scheduler
    assert {'ServerGroupAffinityFilter',
            'ServerGroupAntiAffinityFilter'} <= set(conf.enabled_filters)
    assert {'ServerGroupSoftAffinityWeigher',
            'ServerGroupSoftAntiAffinityWeigher'} <= set(conf.weight_classes)


def test_soft_affinity_weigher_prefers_the_group_host():
    hosts = [_host('a'), _host('b')]
    w = weighers.load_weighers(['ServerGroupSoftAffinityWeigher'])
    ranked = weighers.weigh_hosts(w, hosts,
                                  _group_spec('soft-affinity', ['b']))
    assert [h.host for h in ranked] == ['b', 'a']
    # Another policy: no preference (stable order).
    ranked = weighers.weigh_hosts(w, hosts,
                                  _group_spec('soft-anti-affinity', ['b']))
    assert [h.host for h in ranked] == ['a', 'b']


def test_soft_anti_affinity_weigher_avoids_the_group_host():
    hosts = [_host('a'), _host('b')]
    w = weighers.load_weighers(['ServerGroupSoftAntiAffinityWeigher'])
    ranked = weighers.weigh_hosts(
        w, hosts, _group_spec('soft-anti-affinity', ['a', 'a', 'b']))
    assert [h.host for h in ranked] == ['b', 'a']
