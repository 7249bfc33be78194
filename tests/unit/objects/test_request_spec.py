"""RequestSpec gives exactly the request_spec dicts the 1.0 RPC APIs carry
(as compute/api.py, api_resize.py and api_shelve.py build them at commit
05063be), and reads them back."""
import pytest

from nova_lite import context as nl_context
from nova_lite import objects

UUID = '8b4b6f3c-63d4-4d8f-9d3c-0f8e1f4a2b11'
GROUP = '0d7e7f3e-0e5b-4a43-9c55-1e8f3c6c1c2a'
IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


@pytest.fixture
def context():
    return nl_context.RequestContext(user_id='u1', project_id='p1')


def _flavor(**kw):
    values = dict(id=2, flavorid='2', name='m1.small', vcpus=1,
                  memory_mb=2048, root_gb=20, ephemeral_gb=0, swap=0,
                  extra_specs={'hw:cpu_policy': 'shared'})
    values.update(kw)
    return objects.Flavor(**values)


def _instance():
    return objects.Instance(
        uuid=UUID, project_id='p1', user_id='u1', image_ref=IMAGE,
        availability_zone='az1', flavor=_flavor(),
        scheduler_hints={'same_host': UUID},
        system_metadata={'image_hw_disk_bus': 'virtio',
                         'image_min_disk': '20', 'old_vm_state': 'active'})


FLAVOR_DICT = {'vcpus': 1, 'memory_mb': 2048, 'root_gb': 20,
               'ephemeral_gb': 0, 'swap': 0,
               'extra_specs': {'hw:cpu_policy': 'shared'}}
# compute/api.py create()
CREATE = {
    'flavor': FLAVOR_DICT,
    'image': {'id': IMAGE, 'properties': {'hw_disk_bus': 'virtio',
                                          'os_type': 'linux'}},
    'availability_zone': 'az1',
    'force_hosts': ['cmp1'],
    'force_nodes': [],
    'num_instances': 2,
    'project_id': 'p1',
    'scheduler_hints': {'group': GROUP, 'different_host': [UUID]},
    'instance_group': {'uuid': GROUP, 'policy': 'anti-affinity',
                       'rules': {'max_server_per_host': 2},
                       'members': [UUID], 'hosts': []},
}
# api_resize.request_spec_for(), as resize() completes it
RESIZE = {
    'flavor': FLAVOR_DICT,
    'image': {'id': IMAGE, 'properties': {'hw_disk_bus': 'virtio',
                                          'min_disk': '20'}},
    'availability_zone': 'az1',
    'num_instances': 1,
    'project_id': 'p1',
    'scheduler_hints': {'same_host': UUID},
    'ignore_hosts': ['cmp1'],
    'requested_destination': {'host': 'cmp2', 'node': 'cmp2.example'},
}
# api_shelve.unshelve(): request_spec_for() with the zone it unpins to
UNSHELVE = dict(RESIZE, availability_zone=None)
del UNSHELVE['ignore_hosts'], UNSHELVE['requested_destination']


def _group():
    return objects.InstanceGroup(uuid=GROUP, policy='anti-affinity',
                                 rules={'max_server_per_host': 2},
                                 members=[UUID])


def test_create_spec_is_the_create_dict(context):
    spec = objects.RequestSpec.from_components(
        context, _flavor(), IMAGE, {'hw_disk_bus': 'virtio',
                                    'os_type': 'linux'},
        availability_zone='az1', forced_host='cmp1', num_instances=2,
        scheduler_hints={'group': GROUP, 'different_host': [UUID]},
        instance_group=_group())
    assert spec.to_legacy_dict() == CREATE
    assert spec.to_legacy_filter_properties() == {
        'scheduler_hints': CREATE['scheduler_hints']}


def test_create_spec_without_group_or_forced_host(context):
    spec = objects.RequestSpec.from_components(
        context, _flavor(), IMAGE, {}, num_instances=1)
    legacy = spec.to_legacy_dict()
    assert legacy['instance_group'] is None
    assert (legacy['force_hosts'], legacy['force_nodes']) == ([], [])
    assert legacy['scheduler_hints'] == {}
    assert legacy['availability_zone'] is None


def test_the_group_of_a_create_spec_is_a_copy(context):
    group = _group()
    spec = objects.RequestSpec.from_components(
        context, _flavor(), IMAGE, {}, instance_group=group)
    spec.instance_group.hosts.append('cmp1')
    assert not group.obj_attr_is_set('hosts')


def test_resize_spec_is_the_resize_dict(context):
    node = objects.ComputeNode(host='cmp2', hypervisor_hostname='cmp2.example')
    spec = objects.RequestSpec.from_instance(
        context, _instance(), _flavor(), ignore_hosts=['cmp1'],
        destination=node)
    assert spec.to_legacy_dict() == RESIZE


def test_unshelve_spec_is_the_unshelve_dict(context):
    instance = _instance()
    instance.flavor = _flavor()
    spec = objects.RequestSpec.from_instance(context, instance)
    spec.availability_zone = None
    assert spec.to_legacy_dict() == UNSHELVE


def test_move_spec_keeps_the_instance_zone_unless_told(context):
    spec = objects.RequestSpec.from_instance(context, _instance(),
                                             availability_zone='az2')
    assert spec.to_legacy_dict()['availability_zone'] == 'az2'
    spec = objects.RequestSpec.from_instance(context, _instance())
    assert spec.to_legacy_dict()['availability_zone'] == 'az1'


def test_a_flavor_without_extra_specs_sends_none(context):
    flavor = _flavor()
    del flavor.extra_specs
    spec = objects.RequestSpec.from_instance(context, _instance(), flavor)
    assert spec.to_legacy_dict()['flavor']['extra_specs'] == {}


@pytest.mark.parametrize('legacy', [CREATE, RESIZE, UNSHELVE,
                                    dict(CREATE, instance_group=None)],
                         ids=['create', 'resize', 'unshelve', 'no-group'])
def test_legacy_dicts_round_trip(context, legacy):
    spec = objects.RequestSpec.from_legacy_dict(context, legacy)
    assert spec.to_legacy_dict() == legacy


def test_retry_travels_in_filter_properties(context):
    props = {'scheduler_hints': {'group': GROUP},
             'retry': {'num_attempts': 2, 'hosts': [['cmp1', 'cmp1']]}}
    spec = objects.RequestSpec.from_legacy_dict(context, CREATE, props)
    assert spec.retry.num_attempts == 2
    assert spec.to_legacy_filter_properties() == {
        'scheduler_hints': CREATE['scheduler_hints'],
        'retry': props['retry']}
    assert 'retry' not in spec.to_legacy_dict()


def test_a_spec_survives_rpc_serialization(context):
    from nova_lite.objects import base as obj_base
    serializer = obj_base.NovaLiteObjectSerializer()
    spec = objects.RequestSpec.from_legacy_dict(
        context, CREATE, {'retry': {'num_attempts': 1, 'hosts': []}})
    primitive = serializer.serialize_entity(context, spec)
    back = serializer.deserialize_entity(context, primitive)
    assert back.to_legacy_dict() == CREATE
    assert back.scheduler_hints['different_host'] == [UUID]
    assert back.instance_group.hosts == []


def test_an_older_receiver_gets_the_group_without_hosts(context):
    spec = objects.RequestSpec.from_legacy_dict(context, CREATE)
    primitive = spec.obj_to_primitive(
        target_version='1.0',
        version_manifest={'RequestSpec': '1.0', 'InstanceGroup': '1.0',
                          'Flavor': '1.0', 'ImageMeta': '1.0',
                          'Destination': '1.0', 'SchedulerRetries': '1.0'})
    group = primitive['nova_lite_object.data']['instance_group']
    assert group['nova_lite_object.version'] == '1.0'
    assert 'hosts' not in group['nova_lite_object.data']


def test_a_volume_backed_spec_says_so_and_older_receivers_do_not_see_it(
        context):
    spec = objects.RequestSpec.from_components(
        context, _flavor(), '', {}, is_bfv=True)
    assert spec.boots_from_volume()
    legacy = spec.to_legacy_dict()
    assert legacy['is_bfv'] is True
    assert objects.RequestSpec.from_legacy_dict(
        context, legacy).boots_from_volume()
    assert 'is_bfv' not in objects.RequestSpec.from_components(
        context, _flavor(), IMAGE, {}).to_legacy_dict()
    primitive = spec.obj_to_primitive(
        target_version='1.1',
        version_manifest={'RequestSpec': '1.1', 'Flavor': '1.0',
                          'ImageMeta': '1.0'})
    assert 'is_bfv' not in primitive['nova_lite_object.data']
