"""Failures a deployment survives: a compute killed in the middle of a
spawn, a compute that fails every spawn (reschedule), a compute that stops
reporting (down in os-services), a delete while the host is down."""
import pytest

from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            computes=('slow', 'bad'),
            common={'fake_driver': {'fail_spawn_hosts': 'bad'}},
            compute_conf={'slow': {'fake_driver': {'spawn_delay': 3}}})
        dep.start()
        yield dep
        dep.stop()


def _used(dep, host):
    hyp = dep.hypervisor(host)
    return hyp['vcpus_used'], hyp['memory_mb_used']


def _status(dep, sid):
    return (dep.server(sid) or {}).get('status')


def test_failed_spawns_are_rescheduled_to_a_working_host(deployment):
    ids = [deployment.boot('resched-%d' % i) for i in range(4)]
    for sid in ids:
        wait_for(lambda: _status(deployment, sid) == 'ACTIVE', timeout=90)
        assert deployment.server(sid)['OS-EXT-SRV-ATTR:host'] == 'slow'
    assert _used(deployment, 'bad') == (0, 0)
    assert _used(deployment, 'slow') == (4, 2048)
    for sid in ids:
        deployment.delete(sid)
    for sid in ids:
        wait_for(lambda: deployment.server(sid) is None)
    # The claim goes back right after the record is deleted.
    wait_for(lambda: _used(deployment, 'slow') == (0, 0), timeout=10)


def test_compute_killed_mid_spawn_never_leaves_build(deployment):
    sid = deployment.boot('interrupted')

    def spawning_on_slow():
        server = deployment.server(sid)
        return (server['OS-EXT-STS:task_state'] == 'spawning' and
                server['OS-EXT-SRV-ATTR:host'] == 'slow')
    wait_for(spawning_on_slow, poll=0.05)
    deployment.kill('slow')
    # The dead compute stops reporting: down within service_down_time.
    wait_for(lambda: deployment.service('slow')['state'] == 'down',
             timeout=20)
    assert _status(deployment, sid) == 'BUILD'
    deployment.start_daemon('slow')
    wait_for(lambda: _status(deployment, sid) in ('ACTIVE', 'ERROR'))
    server = deployment.server(sid)
    if server['status'] == 'ERROR':
        assert server['fault']['message']
        assert server['fault']['code'] == 500
    assert server['OS-EXT-STS:task_state'] is None
    wait_for(lambda: deployment.service('slow')['state'] == 'up')
    deployment.delete(sid)
    wait_for(lambda: deployment.server(sid) is None)
    # The claim goes back right after the record is deleted.
    wait_for(lambda: _used(deployment, 'slow') == (0, 0), timeout=10)


def test_delete_while_host_is_down_releases_claims(deployment):
    sid = deployment.boot('orphan')
    wait_for(lambda: _status(deployment, sid) == 'ACTIVE')
    deployment.kill('slow')
    wait_for(lambda: deployment.service('slow')['state'] == 'down',
             timeout=20)
    deployment.delete(sid)
    wait_for(lambda: deployment.server(sid) is None)
    # The claim goes back right after the record is deleted.
    wait_for(lambda: _used(deployment, 'slow') == (0, 0), timeout=10)
    deployment.start_daemon('slow')
    wait_for(lambda: deployment.service('slow')['state'] == 'up')
    assert 'Destroying guest %s' % sid in deployment.log_tail('slow', 200)
