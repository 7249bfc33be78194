"""The API on real servers with worker processes: nova-lite-api's own
(cheroot, osapi_compute_workers = 2) and gunicorn serving the WSGI module
nova_lite.wsgi.compute, each in front of two conductor and two scheduler
worker processes and two fake computes, over RabbitMQ and MariaDB."""
import concurrent.futures
import http.client
import json
import signal
import socket

import pytest

from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services

WORKERS = {'DEFAULT': {'osapi_compute_workers': 2},
           'conductor': {'workers': 2},
           'scheduler': {'workers': 2},
           'fake_driver': {'vcpus': 32, 'memory_mb': 65536,
                           'local_gb': 1000}}


@pytest.fixture(scope='module', params=['nova-lite-api', 'gunicorn'])
def deployment(request, tmp_path_factory, transport_url):
    with services.DATABASES['mysql']() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('workers')), transport_url, db_url,
            computes=('cmp1', 'cmp2'), common=WORKERS,
            api_server=request.param)
        dep.start()
        dep.image = dep.image_id()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


def _body(name, image):
    return json.dumps({'server': {'name': name, 'flavorRef': '1',
                                  'imageRef': image,
                                  'networks': 'none'}}).encode()


def _settle_and_delete(dep, ids):
    wait_for(lambda: all(dep.server(i)['status'] == 'ACTIVE' for i in ids),
             timeout=120)
    for server_id in ids:
        dep.delete(server_id)
    wait_for(lambda: dep.servers() == [], timeout=120)


def test_each_daemon_runs_its_workers(deployment):
    if deployment.api_server == 'nova-lite-api':
        assert len(deployment_mod.children(deployment.procs['api'].pid)) == 2
    for name in ('conductor', 'scheduler'):
        assert len(deployment_mod.children(deployment.procs[name].pid)) == 2


def test_twenty_concurrent_boots_all_active_then_gone(deployment):
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        ids = list(pool.map(lambda i: deployment.boot(
            'w%d' % i, image=deployment.image), range(20)))
    _settle_and_delete(deployment, ids)
    for host in ('cmp1', 'cmp2'):
        assert deployment.hypervisor(host)['running_vms'] == 0


def _open_chunked_post(dep, first_chunk):
    conn = http.client.HTTPConnection('127.0.0.1', dep.port, timeout=60)
    conn.putrequest('POST', '/v2.1/servers')
    for key, value in deployment_mod.HEADERS.items():
        conn.putheader(key, value)
    conn.putheader('Transfer-Encoding', 'chunked')
    conn.endheaders()
    conn.send(b'%x\r\n%s\r\n' % (len(first_chunk), first_chunk))
    return conn


def _finish_chunked_post(conn, last_chunk):
    conn.send(b'%x\r\n%s\r\n0\r\n\r\n' % (len(last_chunk), last_chunk))
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    return resp.status, body


def test_a_chunked_request_body_is_accepted(deployment):
    body = _body('chunked', deployment.image)
    conn = _open_chunked_post(deployment, body[:20])
    status, answer = _finish_chunked_post(conn, body[20:])
    assert status == 202, answer
    _settle_and_delete(deployment, [answer['server']['id']])


def test_sigterm_finishes_the_requests_in_flight(deployment):
    body = _body('inflight', deployment.image)
    # Ten creates in flight: headers and half the body sent.
    conns = [_open_chunked_post(deployment, body[:30]) for _ in range(10)]
    # In flight means taken by the server: a connection still in the kernel's
    # accept queue when the workers close the socket is reset, by any server.
    wait_for(lambda: _accept_queue(deployment.port) == 0, timeout=30)
    api = deployment.procs.pop('api')
    api.send_signal(signal.SIGTERM)
    if deployment.api_server == 'nova-lite-api':
        # Told to stop, nova-lite-api takes no new connection (gunicorn's
        # workers keep the socket until they exit)...
        wait_for(lambda: _refused(deployment.port), timeout=30)
    # ... and every request it had is answered.
    answers = [_finish_chunked_post(conn, body[30:]) for conn in conns]
    assert [status for status, _ in answers] == [202] * 10, answers
    assert api.wait(timeout=90) == 0
    deployment.start_daemon('api')
    deployment.wait_for_api()
    _settle_and_delete(deployment, [a['server']['id'] for _, a in answers])


def _accept_queue(port):
    """Connections to the listening socket on loopback port that no
    server process has accepted yet (rx_queue of a LISTEN row)."""
    with open('/proc/net/tcp') as f:
        rows = [line.split() for line in f.readlines()[1:]]
    for row in rows:
        local, state, queues = row[1], row[3], row[4]
        if state == '0A' and int(local.split(':')[1], 16) == port:
            return int(queues.split(':')[1], 16)
    raise AssertionError('nothing listens on port %d' % port)


def _refused(port):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False
