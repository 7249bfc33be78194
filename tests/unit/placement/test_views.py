"""The Placement view builders: the shapes each microversion gives."""
import types

from nova_lite.placement import microversion
from nova_lite.placement import providers
from nova_lite.placement import views

V = microversion.Version
RP = '4e8e5957-649f-477b-9e5b-f1f75b21c03c'
CONSUMER = 'b3ab4f05-9a7b-4c56-9d3a-39bde5b4f3e6'


def _node(**overrides):
    values = dict(id=7, uuid=RP, host='h1', hypervisor_hostname='node1',
                  vcpus=8, memory_mb=4096, local_gb=40,
                  reserved_host_cpus=1, reserved_host_memory_mb=512,
                  reserved_host_disk_mb=1500, cpu_allocation_ratio=4.0,
                  ram_allocation_ratio=1.5, disk_allocation_ratio=1.0,
                  created_at=None, updated_at=None)
    values.update(overrides)
    return types.SimpleNamespace(**values)


def _provider(**overrides):
    return providers._provider(_node(**overrides))


def test_inventories_follow_the_node_and_its_ratios():
    inventories = providers.inventories(_node())
    assert inventories == {
        'VCPU': {'total': 8, 'reserved': 1, 'min_unit': 1, 'max_unit': 8,
                 'step_size': 1, 'allocation_ratio': 4.0},
        'MEMORY_MB': {'total': 4096, 'reserved': 512, 'min_unit': 1,
                      'max_unit': 4096, 'step_size': 1,
                      'allocation_ratio': 1.5},
        # 1500 MB reserved is 2 GB, rounded up as Nova does
        'DISK_GB': {'total': 40, 'reserved': 2, 'min_unit': 1,
                    'max_unit': 40, 'step_size': 1,
                    'allocation_ratio': 1.0},
    }


def test_a_class_without_capacity_is_left_out():
    assert set(providers.inventories(_node(local_gb=0))) == {'VCPU',
                                                            'MEMORY_MB'}


def test_reserved_never_exceeds_total():
    inventory = providers.inventories(_node(reserved_host_cpus=99))
    assert inventory['VCPU']['reserved'] == 8


def test_provider_links_and_tree_by_version():
    record = _provider()
    old = views.provider('/placement', record, V(1, 0))
    assert set(old) == {'uuid', 'name', 'generation', 'links'}
    assert [link['rel'] for link in old['links']] == [
        'self', 'inventories', 'usages']
    assert old['links'][0]['href'] == '/placement/resource_providers/' + RP
    new = views.provider('', record, V(1, 14))
    assert [link['rel'] for link in new['links']] == [
        'self', 'inventories', 'usages', 'aggregates', 'traits',
        'allocations']
    assert new['parent_provider_uuid'] is None
    assert new['root_provider_uuid'] == RP
    assert new['name'] == 'node1'


def test_inventories_body():
    body = views.inventories(_provider())
    assert body['resource_provider_generation'] == 1
    assert 'resource_provider_generation' not in body['inventories']['VCPU']
    one = views.inventory(body['inventories']['VCPU'], 1)
    assert one['resource_provider_generation'] == 1


def test_consumer_allocations_name_the_owner_from_1_12():
    record = _provider()
    consumer = providers.Consumer(CONSUMER, 'p1', 'u1', 'INSTANCE')
    by_provider = {record: {'VCPU': 1, 'MEMORY_MB': 64}}
    assert views.consumer_allocations(by_provider, consumer, V(1, 11)) == {
        'allocations': {RP: {'generation': 1,
                             'resources': {'VCPU': 1, 'MEMORY_MB': 64}}}}
    at_12 = views.consumer_allocations(by_provider, consumer, V(1, 12))
    assert (at_12['project_id'], at_12['user_id']) == ('p1', 'u1')
    assert 'consumer_generation' not in at_12
    at_38 = views.consumer_allocations(by_provider, consumer, V(1, 38))
    assert at_38['consumer_generation'] == 1
    assert at_38['consumer_type'] == 'INSTANCE'


def test_no_allocations_is_an_empty_dict_without_owner():
    assert views.consumer_allocations({}, None, V(1, 39)) == {
        'allocations': {}}


def test_provider_allocations_consumer_generation_from_1_28():
    record = _provider()
    consumers = {CONSUMER: providers.Consumer(CONSUMER, 'p', 'u',
                                              'INSTANCE')}
    by_consumer = {CONSUMER: {'VCPU': 2}}
    old = views.provider_allocations(record, by_consumer, consumers,
                                     V(1, 27))
    assert old == {'allocations': {CONSUMER: {'resources': {'VCPU': 2}}},
                   'resource_provider_generation': 1}
    new = views.provider_allocations(record, by_consumer, consumers,
                                     V(1, 28))
    assert new['allocations'][CONSUMER]['consumer_generation'] == 1


def test_total_usages_grouped_by_consumer_type_from_1_38():
    consumers = {
        'a': providers.Consumer('a', 'p', 'u', 'INSTANCE'),
        'b': providers.Consumer('b', 'p', 'u', 'INSTANCE'),
        'm': providers.Consumer('m', 'p', 'u', 'MIGRATION'),
    }
    amounts = {'a': {'VCPU': 1, 'MEMORY_MB': 64},
               'b': {'VCPU': 2, 'MEMORY_MB': 64},
               'm': {'VCPU': 4}}
    assert views.total_usages(amounts, consumers, V(1, 9)) == {
        'usages': {'VCPU': 7, 'MEMORY_MB': 128}}
    assert views.total_usages(amounts, consumers, V(1, 38)) == {
        'usages': {'INSTANCE': {'consumer_count': 2, 'VCPU': 3,
                                'MEMORY_MB': 128},
                   'MIGRATION': {'consumer_count': 1, 'VCPU': 4}}}


def test_aggregates_generation_from_1_19():
    record = _provider()
    assert views.aggregates(record, ['x'], V(1, 18)) == {'aggregates': ['x']}
    assert views.aggregates(record, ['x'], V(1, 19)) == {
        'aggregates': ['x'], 'resource_provider_generation': 1}


def test_version_document():
    doc = views.versions('1.0', '1.39')
    assert doc == {'versions': [{
        'id': 'v1.0', 'min_version': '1.0', 'max_version': '1.39',
        'status': 'CURRENT', 'links': [{'rel': 'self', 'href': ''}]}]}
