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
