"""A create the API answered with an error leaves no server, whatever
order the conductor runs its messages in: a create call the API gave up on
may still be executed after the API's undo (nova_lite.compute.build.abandon).
"""
import time
from unittest import mock

from oslo_db import exception as db_exc
import oslo_messaging as messaging
import pytest

from nova_lite.compute import api as compute_api
from nova_lite.compute.build import abandon
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite import objects

BODY = {'server': {'name': 'abandoned', 'flavorRef': '1',
                   'networks': 'none'}}


def _body(image_id):
    return {'server': dict(BODY['server'], imageRef=image_id)}


def _names(api):
    body = api.get('/v2.1/servers?all_tenants=1', version='2.37').json()
    return [s['name'] for s in body['servers']]


def _until_gone(api, name, timeout=30):
    """The abandon is a cast: the conductor deletes soon after the 503."""
    deadline = time.monotonic() + timeout
    while name in _names(api):
        assert time.monotonic() < deadline, '%s is still listed' % name
        time.sleep(0.1)


def test_a_create_whose_build_cast_failed_leaves_no_server(api, image_id):
    with mock.patch.object(conductor_rpcapi.ConductorAPI, 'build_instances',
                           side_effect=messaging.MessagingTimeout('gone')):
        resp = api.post('/v2.1/servers', _body(image_id), version='2.37')
    assert resp.status_code == 503, resp.text
    assert resp.headers['Retry-After']
    assert resp.json()['serviceUnavailable']['code'] == 503
    _until_gone(api, 'abandoned')


def _delete(context, instance):
    compute_api.API().deletes.delete(context, instance)


def _unsaved_instance(ctx, image_id):
    flavor = objects.Flavor.get_by_flavor_id(ctx, '1')
    return objects.Instance(
        ctx, uuid='3b1d6f50-0000-4000-8000-00000000abcd',
        display_name='late', image_ref=image_id, flavor=flavor,
        instance_type_id=flavor.id, project_id='demo', user_id='demo',
        vm_state=vm_states.BUILDING, memory_mb=512, vcpus=1, root_gb=1)


def test_the_abandon_holds_when_it_runs_before_the_late_create(api,
                                                               image_id):
    ctx = nl_context.get_admin_context()
    assert abandon.abandon(ctx, _unsaved_instance(ctx, image_id), _delete) == \
        'never created'
    # The create call the API gave up on arrives now: it cannot make the
    # server.
    with pytest.raises(db_exc.DBDuplicateEntry):
        _unsaved_instance(ctx, image_id).create()
    resp = api.get('/v2.1/servers/3b1d6f50-0000-4000-8000-00000000abcd')
    assert resp.status_code == 404
    assert abandon.abandon(ctx, _unsaved_instance(ctx, image_id), _delete) == 'gone'


def test_the_abandon_deletes_an_unplaced_instance(api, image_id):
    ctx = nl_context.get_admin_context()
    instance = _unsaved_instance(ctx, image_id)
    instance.uuid = '3b1d6f50-0000-4000-8000-00000000abce'
    instance.create()
    assert abandon.abandon(ctx, instance, _delete) == 'created'
    resp = api.get('/v2.1/servers/%s' % instance.uuid)
    assert resp.status_code == 404


def test_the_abandon_deletes_a_build_the_reaper_already_placed(api,
                                                               image_id):
    """The API's calls outlasted unstarted_build_timeout: the reaper sent
    the build to a host before the abandon arrived."""
    resp = api.post('/v2.1/servers', _body(image_id), version='2.37')
    sid = resp.json()['server']['id']
    api.wait_for_server(sid, 'ACTIVE')
    ctx = nl_context.get_admin_context()
    instance = objects.Instance.get_by_uuid(ctx, sid)
    assert abandon.abandon(ctx, instance, _delete) == 'placed'
    api.wait_for_server(sid, 'DELETED')
