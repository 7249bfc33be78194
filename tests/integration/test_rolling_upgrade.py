"""A rolling upgrade, as an operator does it: the control plane (conductor,
scheduler, API) already runs this release while the compute still runs
the previous one (tests/upgrade/PREVIOUS_RELEASE, built from git history
into its own virtualenv), over RabbitMQ and MariaDB, with
[upgrade_levels] compute = auto.

Through the REST API every lifecycle step works on the old compute, and
the new services say which compute RPC version they capped themselves
at. Then the compute is upgraded in place: the cap lifts, the server
booted on the old compute is still managed, and a new boot works."""
import os
import signal

import pytest
import requests

from nova_lite.objects import service as service_obj
from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services
from tests.upgrade import previous_release

HOST = 'cmp1'
CAP_OLD = ('Automatically selected compute RPC version 1.0 from minimum '
           'service version 1')
# This release: its service version and the compute RPC version it reads.
CAP_NEW = ('Automatically selected compute RPC version %s from minimum '
           'service version %d' % (
               service_obj.SERVICE_VERSION_HISTORY[
                   service_obj.SERVICE_VERSION]['compute_rpc'],
               service_obj.SERVICE_VERSION))
SIGHUP_LINE = 'SIGHUP: configuration re-read, RPC version caps reset'


@pytest.fixture(scope='module')
def previous_python():
    python = previous_release.build()
    assert previous_release.installed_commit(python) == \
        previous_release.previous_release()
    return python


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url, previous_python):
    with services.DATABASES['mysql']() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('rolling-upgrade')), transport_url,
            db_url, computes=(),
            common={
                'DEFAULT': {'allow_resize_to_same_host': 'true'},
                'upgrade_levels': {'compute': 'auto'},
                'fake_driver': {'vcpus': 8, 'memory_mb': 16384,
                                'local_gb': 200},
            })
        dep.start()
        try:
            start_previous_compute(dep, previous_python)
            yield dep
        finally:
            dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


def start_previous_compute(dep, python):
    log = open(os.path.join(dep.workdir, '%s.log' % HOST), 'ab')
    dep.logs[HOST] = log
    dep.procs[HOST] = previous_release.start_compute(
        python, dep._config_args(HOST), log, cwd=dep.workdir)
    dep.wait_for_services(['nova-conductor', 'nova-scheduler',
                           'nova-compute'])


def _log(dep, name):
    with open(os.path.join(dep.workdir, '%s.log' % name),
              errors='replace') as f:
        return f.read()


def _logged(dep, name, line, times=1):
    return wait_for(lambda: _log(dep, name).count(line) >= times,
                    timeout=30)


def _action(dep, sid, body, status=202):
    resp = requests.post('%s/v2.1/servers/%s/action' % (dep.endpoint, sid),
                         json=body, headers=deployment_mod.HEADERS,
                         timeout=30)
    assert resp.status_code == status, resp.text
    return resp


def _settled(dep, sid, status):
    def check():
        server = dep.server(sid)
        assert server is not None and server['status'] != 'ERROR', server
        return (server['status'] == status and
                server['OS-EXT-STS:task_state'] is None and server)
    return wait_for(check, timeout=90)


def _image(dep, image_id):
    resp = requests.get(dep.endpoint + '/image/v2/images/' + image_id,
                        timeout=30)
    return resp.json() if resp.status_code == 200 else None


def test_previous_release_compute_then_upgraded_compute(deployment):
    dep = deployment
    base_image = dep.image_id()   # before the snapshot joins the list

    # -- the previous release's compute under this release's control plane
    sid = dep.boot('survivor', image=base_image)
    server = _settled(dep, sid, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == HOST
    _logged(dep, 'conductor', CAP_OLD)

    _action(dep, sid, {'reboot': {'type': 'SOFT'}})
    _settled(dep, sid, 'ACTIVE')
    _logged(dep, 'api', CAP_OLD)

    _action(dep, sid, {'os-stop': None})
    _settled(dep, sid, 'SHUTOFF')
    _action(dep, sid, {'os-start': None})
    _settled(dep, sid, 'ACTIVE')

    _action(dep, sid, {'resize': {'flavorRef': '2'}})
    server = _settled(dep, sid, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] == HOST
    _action(dep, sid, {'confirmResize': None}, status=204)
    server = _settled(dep, sid, 'ACTIVE')
    assert server['flavor']['original_name'] == 'm1.small'

    image_id = _action(dep, sid, {'createImage': {'name': 'snap'}}).json()[
        'image_id']
    wait_for(lambda: (_image(dep, image_id) or {}).get('status') ==
             'active', timeout=60)
    assert _image(dep, image_id)['instance_uuid'] == sid
    _settled(dep, sid, 'ACTIVE')

    doomed = dep.boot('doomed', image=base_image)
    _settled(dep, doomed, 'ACTIVE')
    dep.delete(doomed)
    wait_for(lambda: dep.server(doomed) is None, timeout=60)

    assert CAP_NEW not in _log(dep, 'api') + _log(dep, 'conductor')
    # Every instance reached the old compute as Instance 1.4, which it
    # reads only after asking the conductor for 1.3 (object_backport_
    # versions): without that, none of the steps above would have run.
    old_log = _log(dep, HOST)
    assert 'Instance %s is ACTIVE on %s' % (sid, HOST) in old_log

    # -- upgrade the compute in place
    dep.kill(HOST, signal.SIGTERM)
    dep.logs.pop(HOST).close()
    errors = [line for line in old_log.splitlines()
              if ' ERROR ' in line or ' CRITICAL ' in line]
    assert errors == []
    os.rename(os.path.join(dep.workdir, '%s.log' % HOST),
              os.path.join(dep.workdir, '%s-previous.log' % HOST))
    # Until the old record is seen down, "up" would still mean the old
    # compute's last heartbeat.
    wait_for(lambda: dep.service(HOST)['state'] == 'down', timeout=30)
    dep.start_daemon(HOST)
    dep.wait_for_services(['nova-conductor', 'nova-scheduler',
                           'nova-compute'])

    _action(dep, sid, {'reboot': {'type': 'HARD'}})
    _settled(dep, sid, 'ACTIVE')
    _logged(dep, 'api', CAP_NEW)

    fresh = dep.boot('fresh', image=base_image)
    server = _settled(dep, fresh, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == HOST
    _logged(dep, 'conductor', CAP_NEW)

    # SIGHUP forgets the cap; the next message chooses it again.
    dep.procs['api'].send_signal(signal.SIGHUP)
    _logged(dep, 'api', SIGHUP_LINE)
    _action(dep, sid, {'os-stop': None})
    _settled(dep, sid, 'SHUTOFF')
    _logged(dep, 'api', CAP_NEW, times=2)

    for server_id in (sid, fresh):
        dep.delete(server_id)
    wait_for(lambda: dep.servers() == [], timeout=60)
