"""The declared microversion mechanisms and per-handler error answers."""
import pytest
import webob.exc

from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite import exception

V = microversion.APIVersion


def test_range_bounds_are_inclusive():
    declared = microversion.Range('2.19', '2.52')
    assert '2.19' in declared and '2.52' in declared
    assert '2.18' not in declared and '2.53' not in declared
    assert '2.100' in microversion.Range('2.19')


def test_by_version_picks_the_declared_range():
    table = microversion.ByVersion({(None, '2.18'): 'a', ('2.19', None): 'b'})
    assert table.at(V('2.1')) == 'a'
    assert table.at(V('2.19')) == 'b'
    with pytest.raises(ValueError):
        microversion.ByVersion({('2.1', '2.20'): 1, ('2.19', None): 2})


def test_steps_apply_up_to_the_version_and_leave_the_base_alone():
    base = {'keys': []}
    steps = microversion.Steps(base, [
        ('2.19', lambda v: v['keys'].append('description')),
        ('2.90', lambda v: v['keys'].append('hostname'))])
    assert steps.at(V('2.18')) == {'keys': []}
    assert steps.at(V('2.19')) == {'keys': ['description']}
    assert steps.at(V('2.100')) == {'keys': ['description', 'hostname']}
    assert base == {'keys': []}


def test_changes_in_force_and_by_predicate():
    changes = microversion.Changes({'locked': '2.9',
                                    'cpu_text': (None, '2.27')})
    assert changes.at(V('2.1')) == {'cpu_text'}
    assert changes.at(V('2.28')) == {'locked'}
    assert changes.where(V('2.27').at_least) == {'locked', 'cpu_text'}


def test_versioned_dispatch(monkeypatch):
    @microversion.versioned(max='2.52')
    def handler():
        return 'by id'

    @microversion.versioned(min='2.53', max='2.87')
    def handler():  # noqa: F811
        return 'by uuid'

    for version, answer in (('2.1', 'by id'), ('2.53', 'by uuid')):
        monkeypatch.setattr(microversion, 'current', lambda: V(version))
        assert handler() == answer
    monkeypatch.setattr(microversion, 'current', lambda: V('2.88'))
    with pytest.raises(webob.exc.HTTPNotFound):
        handler()


def test_answers_declares_the_status_per_handler():
    @faults.answers({exception.FlavorNotFound: 400,
                     exception.ImageNotFound: (400, 'Cannot find image'),
                     exception.InstanceInvalidState:
                         faults.conflict('delete')})
    def handler(exc):
        raise exc

    with pytest.raises(exception.HTTPFault) as caught:
        handler(exception.FlavorNotFound(flavor_id='x'))
    assert (caught.value.code, caught.value.format_message()) == (
        400, 'Flavor x could not be found.')
    with pytest.raises(exception.HTTPFault) as caught:
        handler(exception.ImageNotFound(image_id='i'))
    assert caught.value.format_message() == 'Cannot find image'
    with pytest.raises(exception.InstanceInvalidState) as caught:
        handler(exception.InstanceInvalidState(
            action='soft_delete', instance_uuid='u', attr='task_state',
            state='deleting'))
    assert caught.value.format_message() == (
        "Cannot 'delete' instance u while it is in task_state deleting")
    with pytest.raises(exception.ServiceNotFound):
        handler(exception.ServiceNotFound(service_id=1))
    response = faults.exception_to_response(exception.HTTPFault(501, 'no'))
    assert response.status_int == 501 and b'notImplemented' in response.body
