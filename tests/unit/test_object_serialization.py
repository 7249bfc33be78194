"""nova_lite's faster object plumbing answers exactly as
oslo.versionedobjects' own: timestamps read back from primitives, which
fields count as changed, which are set."""
import datetime

import pytest
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from nova_lite import objects
from nova_lite.objects import fields

objects.register_all()

UTC = datetime.timezone.utc


@pytest.mark.parametrize('text', [
    '2024-01-02T03:04:05Z',            # what ovo writes
    '2024-01-02T03:04:05.123456Z',     # other ISO 8601 forms: ovo's path
    '2012-02-14T20:53:07+05:30',
    '2012-02-14T20:53:07',
])
@pytest.mark.parametrize('aware', [True, False])
def test_datetime_primitives_read_back_as_ovo_reads_them(text, aware):
    ours = fields.DateTimeField(tzinfo_aware=aware)
    theirs = ovo_fields.DateTimeField(tzinfo_aware=aware)
    value = ours.from_primitive(None, 'x', text)
    assert value == theirs.from_primitive(None, 'x', text)
    assert value.tzinfo == theirs.from_primitive(None, 'x', text).tzinfo


def test_invalid_datetime_primitive_fails_like_ovo():
    with pytest.raises(ValueError):
        fields.DateTimeField().from_primitive(None, 'x',
                                              '2024-13-02T03:04:05Z')


def test_datetime_round_trips_through_a_primitive():
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    field = fields.DateTimeField()
    assert field.from_primitive(
        None, 'x', field.to_primitive(None, 'x', when)) == when


def _instance():
    flavor = objects.Flavor(id=1, flavorid='1', name='m1.tiny', vcpus=1,
                            memory_mb=512, root_gb=1, ephemeral_gb=0)
    instance = objects.Instance(uuid='8b4b6f3c-63d4-4d8f-9d3c-0f8e1f4a2b11',
                                vm_state='active', flavor=flavor,
                                metadata={'a': 'b'})
    instance.obj_reset_changes(recursive=True)
    return instance


def _ovo_what_changed(obj):
    return ovo_base.VersionedObject.obj_what_changed(obj)


def test_what_changed_sees_a_changed_field():
    instance = _instance()
    instance.task_state = 'spawning'
    assert instance.obj_what_changed() == {'task_state'}
    assert instance.obj_what_changed() == _ovo_what_changed(instance)


def test_what_changed_sees_a_change_inside_a_child_object():
    instance = _instance()
    instance.flavor.vcpus = 2
    assert instance.obj_what_changed() == {'flavor'}
    assert instance.obj_what_changed() == _ovo_what_changed(instance)


def test_nothing_changed_after_a_reset():
    instance = _instance()
    assert instance.obj_what_changed() == set()
    assert _ovo_what_changed(instance) == set()


def test_list_of_instances_changes_through_its_children():
    first, second = _instance(), _instance()
    listed = objects.InstanceList(objects=[first, second])
    listed.obj_reset_changes()
    assert listed.obj_what_changed() == set()
    second.flavor.name = 'renamed'
    assert listed.obj_what_changed() == {'objects'}


def test_attr_is_set_answers_as_ovo():
    instance = _instance()
    for name in ('uuid', 'flavor', 'host', 'fault'):
        assert instance.obj_attr_is_set(name) == \
            ovo_base.VersionedObject.obj_attr_is_set(instance, name)
    assert instance.obj_attr_is_set('uuid')
    assert not instance.obj_attr_is_set('host')


def test_attr_is_set_refuses_an_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'bogus'"):
        _instance().obj_attr_is_set('bogus')


def test_extra_fields_are_known_attributes():
    aggregate = objects.Aggregate()
    assert aggregate.obj_attr_is_set('availability_zone') is False


# -- a receiver that knows an older version asks the conductor ---------------


class _PreviousInstance(objects.Instance):
    """Instance as the previous release knows it (not registered)."""
    VERSION = '1.3'

    @classmethod
    def obj_name(cls):
        return 'Instance'


class _BackportRecorder(object):
    """The indirection API of the receiver: the real ConductorAPI over the
    fake transport, the registry of the newer conductor while it runs."""

    def __init__(self, conductor_api, registry, newest):
        self.conductor_api = conductor_api
        self.registry = registry
        self.newest = newest
        self.calls = []

    def object_backport_versions(self, context, objinst, object_versions):
        self.calls.append(dict(object_versions))
        known = self.registry['Instance']
        self.registry['Instance'] = self.newest
        try:
            return self.conductor_api.object_backport_versions(
                context, objinst, object_versions)
        finally:
            self.registry['Instance'] = known


@pytest.fixture
def older_receiver(monkeypatch):
    """(serializer, recorder): a receiver knowing Instance 1.3 whose
    indirection API reaches a ConductorManager over the fake transport."""
    import oslo_messaging as messaging
    from nova_lite.conductor import manager as conductor_manager
    from nova_lite.conductor import rpcapi as conductor_rpcapi
    from nova_lite.objects import base as obj_base
    from nova_lite import rpc
    from tests import conf as test_conf
    conf = test_conf.parse_once()
    transport = messaging.get_rpc_transport(conf, url='fake:/')
    monkeypatch.setattr(rpc, 'TRANSPORT', transport)
    server = rpc.get_server(
        messaging.Target(topic=conductor_rpcapi.TOPIC, server='c1'),
        [conductor_manager.ConductorManager()])
    server.start()
    registry = ovo_base.VersionedObjectRegistry.obj_classes()
    recorder = _BackportRecorder(conductor_rpcapi.ConductorAPI(), registry,
                                 list(registry['Instance']))
    monkeypatch.setattr(obj_base.NovaLiteObject, 'indirection_api',
                        recorder)
    monkeypatch.setitem(registry, 'Instance', [_PreviousInstance])
    try:
        yield obj_base.NovaLiteObjectSerializer(), recorder
    finally:
        server.stop()
        server.wait()
        transport.cleanup()


def _newer_instance():
    instance = _instance()
    instance.compute_id = 3
    instance.host = 'cmp1'
    return instance


def test_receiver_asks_the_conductor_to_backport_an_unknown_version(
        older_receiver):
    from nova_lite import context as nl_context
    serializer, recorder = older_receiver
    context = nl_context.get_admin_context()
    primitive = _newer_instance().obj_to_primitive()
    assert primitive['nova_lite_object.version'] == '1.5'

    received = serializer.deserialize_entity(context, primitive)

    assert [c['Instance'] for c in recorder.calls] == ['1.3']
    assert received.VERSION == '1.3'
    assert not received.obj_attr_is_set('compute_id')
    assert (received.uuid, received.host) == (_instance().uuid, 'cmp1')
    assert received.flavor.name == 'm1.tiny'


def test_a_list_holding_unknown_versions_is_backported_whole(
        older_receiver):
    from nova_lite import context as nl_context
    serializer, recorder = older_receiver
    listed = objects.InstanceList(objects=[_newer_instance()])
    received = serializer.deserialize_entity(
        nl_context.get_admin_context(), listed.obj_to_primitive())
    assert recorder.calls[0]['Instance'] == '1.3'
    assert [i.VERSION for i in received] == ['1.3']
    assert not received[0].obj_attr_is_set('compute_id')


def test_a_known_version_is_not_backported(older_receiver):
    from nova_lite import context as nl_context
    serializer, recorder = older_receiver
    primitive = _newer_instance().obj_to_primitive(
        target_version='1.3',
        version_manifest=ovo_base.obj_tree_get_versions('Instance') | {
            'Instance': '1.3'})
    received = serializer.deserialize_entity(
        nl_context.get_admin_context(), primitive)
    assert recorder.calls == []
    assert received.VERSION == '1.3'
