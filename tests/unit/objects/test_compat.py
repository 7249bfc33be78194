"""Objects sent back in time: each field added since an object's first
version is dropped for a receiver of an older version, children follow
the receiver's manifest, and the conductor answers a backport request."""
import oslo_messaging as messaging
import pytest
from oslo_versionedobjects import base as ovo_base

from nova_lite.conductor import manager as conductor_manager
from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite import rpc
from tests import conf as test_conf

UUID = '8b4b6f3c-63d4-4d8f-9d3c-0f8e1f4a2b11'


def _flavor():
    return objects.Flavor(id=1, flavorid='1', name='m1.tiny', vcpus=1,
                          memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0,
                          extra_specs={})


def _instance():
    return objects.Instance(uuid=UUID, host='cmp1', node='cmp1',
                            compute_id=7, vm_state='active', tags=['a'],
                            flavor=_flavor(), old_flavor=_flavor(),
                            new_flavor=None, metadata={},
                            system_metadata={})


def _manifest(**versions):
    manifest = ovo_base.obj_tree_get_versions('Instance')
    manifest.update(versions)
    return manifest


def _data(primitive):
    return primitive['nova_lite_object.data']


@pytest.mark.parametrize('version, dropped', [
    ('1.4', set()),
    ('1.3', {'compute_id'}),
    ('1.2', {'compute_id'}),
    ('1.1', {'compute_id', 'old_flavor', 'new_flavor'}),
    ('1.0', {'compute_id', 'old_flavor', 'new_flavor', 'tags'}),
])
def test_instance_backports_drop_later_fields(version, dropped):
    instance = _instance()
    primitive = instance.obj_to_primitive(
        target_version=version, version_manifest=_manifest(Instance=version))
    assert primitive['nova_lite_object.version'] == version
    sent = set(_data(primitive))
    assert dropped.isdisjoint(sent)
    assert sent | dropped == set(instance.obj_get_changes())


def test_compute_id_is_a_nullable_integer():
    instance = objects.Instance(compute_id=None)
    assert instance.compute_id is None
    instance.compute_id = '12'
    assert instance.compute_id == 12
    with pytest.raises(ValueError):
        instance.compute_id = 'node-a'


def test_instance_group_hosts_are_dropped_before_1_1():
    group = objects.InstanceGroup(uuid=UUID, policy='affinity', rules={},
                                  members=[UUID], hosts=['cmp1'])
    old = group.obj_to_primitive(target_version='1.0',
                                 version_manifest={'InstanceGroup': '1.0'})
    assert 'hosts' not in _data(old)
    assert _data(group.obj_to_primitive())['hosts'] == ['cmp1']


def test_a_list_backports_its_children_to_the_manifest():
    listed = objects.InstanceList(objects=[_instance(), _instance()])
    primitive = listed.obj_to_primitive(
        target_version='1.0',
        version_manifest=_manifest(InstanceList='1.0', Instance='1.3'))
    children = _data(primitive)['objects']
    assert [c['nova_lite_object.version'] for c in children] == ['1.3'] * 2
    assert all('compute_id' not in _data(c) for c in children)
    assert all('tags' in _data(c) for c in children)


def test_conductor_backports_to_what_the_caller_knows(monkeypatch):
    # The conductor builds its RPC clients at once: over the fake driver.
    fake = messaging.get_rpc_transport(test_conf.parse_once(), url='fake:/')
    monkeypatch.setattr(rpc, 'TRANSPORT', fake)
    conductor = conductor_manager.ConductorManager()
    primitive = conductor.object_backport_versions(
        nl_context.get_admin_context(), _instance(),
        _manifest(Instance='1.3'))
    assert primitive['nova_lite_object.version'] == '1.3'
    assert 'compute_id' not in _data(primitive)
    assert _data(primitive)['host'] == 'cmp1'


def test_compute_id_round_trips_through_the_database(sqlite_db):
    context = sqlite_db
    instance = objects.Instance(context, uuid=UUID, project_id='p',
                                user_id='u', vm_state='building',
                                flavor=_flavor(), metadata={},
                                system_metadata={})
    instance.create()
    assert instance.compute_id is None
    instance.compute_id = 42
    instance.save()
    assert objects.Instance.get_by_uuid(context, UUID).compute_id == 42
    listed = objects.InstanceList.get_by_filters(context, {'uuid': UUID})
    assert [i.compute_id for i in listed] == [42]
