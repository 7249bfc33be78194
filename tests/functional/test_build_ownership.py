"""A build is always owned: a build whose cast to the conductor was lost
is found by the conductor's stale-build reaper and scheduled again, once
(a compare-and-swap on updated_at), and a compute that restarts gives the
builds it never started back to the conductor instead of failing them."""
import datetime
from unittest import mock

from oslo_utils import timeutils
import pytest

from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite import objects
from tests.functional.conftest import DEPLOYED
from tests import conf as test_conf

CONF = test_conf.parse_once()


@pytest.fixture
def lost_build(api, image_id):
    """A server whose build_instances cast was lost, last updated long
    ago."""
    with mock.patch.object(conductor_rpcapi.ConductorAPI,
                           'build_instances'):
        resp = api.post('/v2.1/servers', {'server': {
            'name': 'lost', 'imageRef': image_id, 'flavorRef': '1',
            'networks': 'none'}}, version='2.37')
    assert resp.status_code == 202, resp.text
    sid = resp.json()['server']['id']
    ctx = nl_context.get_admin_context()
    instance = objects.Instance.get_by_uuid(ctx, sid)
    assert (instance.vm_state, instance.task_state, instance.host) == (
        vm_states.BUILDING, task_states.SCHEDULING, None)
    instance.updated_at = timeutils.utcnow() - datetime.timedelta(hours=1)
    instance.save()
    yield objects.Instance.get_by_uuid(ctx, sid)
    api.delete('/v2.1/servers/%s' % sid)
    api.wait_for_server(sid, 'DELETED')


def test_take_build_is_a_compare_and_swap(lost_build):
    ctx = nl_context.get_admin_context()
    first = objects.Instance.get_by_uuid(ctx, lost_build.uuid)
    second = objects.Instance.get_by_uuid(ctx, lost_build.uuid)
    assert first.take_build() is True
    # The second reader saw the same updated_at: it lost the race.
    assert second.take_build() is False


def test_reaper_schedules_a_lost_build_again(api, lost_build):
    conductor = DEPLOYED['conductor']
    CONF.set_override('unstarted_build_timeout', 60)
    try:
        conductor._reschedule_unplaced_builds(
            nl_context.get_admin_context())
    finally:
        CONF.clear_override('unstarted_build_timeout')
    server = api.wait_for_server(lost_build.uuid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] in ('fc1', 'fc2')


def test_reaper_leaves_fresh_builds_alone(api, lost_build):
    ctx = nl_context.get_admin_context()
    cutoff = timeutils.utcnow() - datetime.timedelta(hours=2)
    assert lost_build.uuid not in [
        i.uuid for i in objects.InstanceList.get_unplaced_builds(ctx,
                                                                 cutoff)]


def test_a_stale_build_message_is_dropped(api, lost_build):
    """The cast arrives after the reaper took the build: dropped."""
    conductor = DEPLOYED['conductor']
    ctx = nl_context.get_admin_context()
    stale = objects.Instance.get_by_uuid(ctx, lost_build.uuid)
    assert objects.Instance.get_by_uuid(ctx, lost_build.uuid).take_build()
    with mock.patch.object(conductor.builds.scheduler_rpcapi,
                           'select_destinations') as select:
        conductor.builds.build_instances(
            ctx, [stale], {'id': stale.image_ref},
            objects.RequestSpec.from_instance(ctx, stale), {})
    select.assert_not_called()


def test_compute_restart_gives_back_unstarted_builds(api, lost_build):
    """Claimed for fc1, its build message lost with the compute: at the
    restart of fc1 it is scheduled again, not put in ERROR."""
    from nova_lite.compute import utils as compute_utils
    ctx = nl_context.get_admin_context()
    instance = objects.Instance.get_by_uuid(ctx, lost_build.uuid)
    compute_utils.place(ctx, instance, 'fc1', 'fc1')
    instance.save()
    from nova_lite.compute import manager as compute_manager
    manager = compute_manager.ComputeManager('fc1')
    manager.build_recovery.resolve_at_start(ctx, instance)
    server = api.wait_for_server(lost_build.uuid, 'ACTIVE')
    assert server['status'] == 'ACTIVE'
    assert not server.get('fault')


def test_a_rescheduled_build_asks_for_the_same_networks(lost_build):
    """The create asked for no network ('none', 2.37): the spec of the
    build scheduled again says so too (from the instance's
    system_metadata), not 'every network of the project'."""
    ctx = nl_context.get_admin_context()
    spec = objects.RequestSpec.from_instance(ctx, lost_build)
    assert spec.networks() is None
    spec.restore_build_request(lost_build)
    assert [n['network_id'] for n in spec.networks()] == ['none']
