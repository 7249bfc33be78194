"""Quota arithmetic: layering of limits, headroom, over-quota detection,
multi-create reduction and Nova's messages (no database: the Quotas
object is replaced by a dict-backed fake)."""
import types

import pytest

from nova_lite.compute import quotas
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF


class FakeQuotas(object):
    """Stands in for objects.Quotas (the conductor side)."""

    def __init__(self):
        self.project, self.user, self.klass = {}, {}, {}
        self.used = {'project': {}, 'user': {}}
        self.user_limits = {}

    def get_all(self, context, project_id, user_id=None):
        return {'project': dict(self.project),
                'user': dict(self.user) if user_id else {},
                'class': dict(self.klass)}

    def get_class(self, context, name):
        return dict(self.klass)

    def get_all_user_limits(self, context, project_id):
        return self.user_limits

    def count_usage(self, context, project_id, user_id=None):
        return {'project': dict(self.used['project']),
                'user': dict(self.used['user']) if user_id else {}}

    def get_limits_and_usage(self, context, project_id, user_id=None):
        return {'stored': self.get_all(context, project_id, user_id),
                'counts': self.count_usage(context, project_id, user_id)}


@pytest.fixture
def fake(monkeypatch):
    store = FakeQuotas()
    monkeypatch.setattr(objects, 'Quotas', store, raising=False)
    CONF.clear_override('driver', group='quota')
    yield store
    CONF.clear_override('driver', group='quota')


CTX = types.SimpleNamespace(project_id='p', user_id='u')
TINY = types.SimpleNamespace(vcpus=1, memory_mb=512)
BIG = types.SimpleNamespace(vcpus=4, memory_mb=8192)


def test_defaults_come_from_config(fake):
    limits = quotas.get_defaults(CTX)
    assert limits['instances'] == 10 and limits['cores'] == 20
    assert limits['ram'] == 51200 and limits['key_pairs'] == 100
    assert limits['metadata_items'] == 128
    assert limits['server_groups'] == 10
    assert limits['server_group_members'] == 10
    assert limits['injected_file_path_bytes'] == 255
    assert limits['fixed_ips'] == -1 and limits['floating_ips'] == 10


def test_layers_class_then_project_then_user(fake):
    fake.klass = {'instances': 7, 'cores': 30}
    fake.project = {'instances': 5}
    fake.user = {'instances': 2}
    assert quotas.get_project_quotas(CTX, 'p')['instances'] == 5
    assert quotas.get_project_quotas(CTX, 'p')['cores'] == 30
    assert quotas.get_user_quotas(CTX, 'p', 'u')['instances'] == 2
    assert quotas.get_user_quotas(CTX, 'p', 'u')['cores'] == 30


def test_usages_shape(fake):
    fake.used['project'] = {'instances': 3, 'cores': 3, 'ram': 1536}
    detail = quotas.get_project_quotas(CTX, 'p', usages=True)
    assert detail['instances'] == {'limit': 10, 'in_use': 3, 'reserved': 0}
    assert detail['key_pairs'] == {'limit': 100, 'in_use': 0, 'reserved': 0}


def test_noop_driver_is_unlimited(fake):
    CONF.set_override('driver', 'nova.quota.NoopQuotaDriver', group='quota')
    fake.project = {'instances': 0}
    assert set(quotas.get_project_quotas(CTX, 'p').values()) == {-1}
    assert quotas.check_num_instances(CTX, TINY, 1, 50) == 50
    quotas.check_deltas(CTX, 'p', 'u', {'cores': 1000})


def test_find_overs_and_headroom():
    limits = {'instances': 2, 'cores': -1, 'ram': 1024}
    used = {'instances': 2, 'cores': 100, 'ram': 512}
    deltas = {'instances': 1, 'cores': 50, 'ram': 512}
    assert quotas.find_overs(limits, used, deltas) == ['instances']
    room = quotas.headroom(limits, used, deltas)
    assert room == {'instances': 0, 'cores': float('inf'), 'ram': 512}
    assert quotas.allowed_instances(limits, used, 1, 256) == 0
    assert quotas.allowed_instances({'instances': -1, 'cores': -1,
                                     'ram': -1}, {}, 1, 1) is None


def test_instances_message_is_novas(fake):
    fake.project = {'instances': 10}
    fake.used['project'] = {'instances': 10, 'cores': 10, 'ram': 5120}
    with pytest.raises(exception.TooManyInstances) as err:
        quotas.check_num_instances(CTX, TINY, 1, 1)
    assert err.value.code == 403
    assert err.value.format_message() == (
        'Quota exceeded for instances: Requested 1, but already used 10 of '
        '10 instances')


def test_several_overs_in_one_message(fake):
    fake.project = {'instances': 2, 'cores': 3}
    fake.used['project'] = {'instances': 2, 'cores': 2, 'ram': 1024}
    with pytest.raises(exception.TooManyInstances) as err:
        quotas.check_num_instances(CTX, TINY, 2, 3)
    assert err.value.format_message() == (
        'Quota exceeded for instances, cores: Requested 2-3, 3, but already '
        'used 2, 2 of 2, 3 instances, cores')


def test_multi_create_is_reduced_to_what_fits(fake):
    fake.project = {'cores': 6}
    fake.used['project'] = {'instances': 1, 'cores': 1, 'ram': 512}
    assert quotas.check_num_instances(CTX, TINY, 1, 10) == 5
    with pytest.raises(exception.TooManyInstances):
        quotas.check_num_instances(CTX, TINY, 6, 10)


def test_ram_and_cores_limit_big_flavors(fake):
    fake.project = {'ram': 10000}
    with pytest.raises(exception.TooManyInstances) as err:
        quotas.check_num_instances(CTX, BIG, 2, 2)
    assert err.value.format_message() == (
        'Quota exceeded for ram: Requested 16384, but already used 0 of '
        '10000 ram')


def test_user_quota_is_checked_too(fake):
    fake.user = {'instances': 1}
    fake.used = {'project': {'instances': 3}, 'user': {'instances': 1}}
    with pytest.raises(exception.TooManyInstances) as err:
        quotas.check_num_instances(CTX, TINY, 1, 1)
    assert 'already used 1 of 1 instances' in err.value.format_message()


def test_check_deltas_for_resize(fake):
    fake.project = {'cores': 4, 'ram': 4096}
    fake.used['project'] = {'instances': 1, 'cores': 2, 'ram': 2048}
    quotas.check_deltas(CTX, 'p', 'u', {'cores': 2, 'ram': 2048})
    quotas.check_deltas(CTX, 'p', 'u', {'cores': -2, 'ram': -1024})
    with pytest.raises(exception.OverQuotaDeltas) as err:
        quotas.check_deltas(CTX, 'p', 'u', {'cores': 3, 'ram': 4096})
    assert err.value.code == 403
    assert err.value.kwargs['over_list'] == ['cores', 'ram']
    assert err.value.kwargs['quotas']['cores'] == 4
    assert err.value.kwargs['usages']['ram'] == 2048


def test_key_pairs_counted_per_user_only(fake):
    fake.used = {'project': {'key_pairs': 500}, 'user': {'key_pairs': 1}}
    quotas.check_deltas(CTX, 'p', 'u', {'key_pairs': 1})


def test_metadata_items(fake):
    fake.project = {'metadata_items': 2}
    quotas.check_metadata_items(CTX, {'a': '1', 'b': '2'})
    quotas.check_metadata_items(CTX, None)
    with pytest.raises(exception.MetadataLimitExceeded) as err:
        quotas.check_metadata_items(CTX, {'a': '1', 'b': '2', 'c': '3'})
    assert err.value.code == 403
    assert err.value.format_message() == \
        'Maximum number of metadata items exceeds 2'


def test_settable_ranges(fake):
    fake.used = {'project': {'instances': 3}, 'user': {'instances': 1}}
    fake.project = {'cores': 8}
    fake.user_limits = {'u2': {'instances': 5, 'cores': -1}}
    project = quotas.settable_range(CTX, 'p')
    assert project['instances'] == (5, -1)
    assert project['cores'] == (0, -1)
    user = quotas.settable_range(CTX, 'p', user_id='u')
    assert user['instances'] == (1, 10) and user['cores'] == (0, 8)


@pytest.mark.parametrize('limit,minimum,maximum,message', [
    (-2, 0, -1, 'Quota limit -2 for cores must be -1 or greater.'),
    (1, 2, -1, 'Quota limit 1 for cores must be greater than or equal to '
               'already used and reserved 2.'),
    (-1, 0, 5, 'Quota limit -1 for cores must be less than or equal to 5.'),
    (9, 0, 5, 'Quota limit 9 for cores must be less than or equal to 5.'),
])
def test_validate_limit_messages(limit, minimum, maximum, message):
    with pytest.raises(exception.ValidationError) as err:
        quotas.validate_limit('cores', limit, minimum, maximum)
    assert err.value.format_message() == message


def test_validate_limit_accepts_unlimited():
    quotas.validate_limit('cores', -1, 3, -1)
    quotas.validate_limit('cores', 3, 3, 3)


def test_recheck_undoes_the_creation(fake):
    fake.project = {'instances': 1}
    fake.used['project'] = {'instances': 2}
    destroyed = []
    made = [types.SimpleNamespace(destroy=lambda: destroyed.append(1))]
    with pytest.raises(exception.TooManyInstances):
        quotas.recheck_or_undo(CTX, TINY, made)
    assert destroyed == [1]
