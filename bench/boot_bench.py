"""Boot benchmark: four daemons over RabbitMQ + MariaDB, fake driver with no
delay, one compute host (the workload Nova 34 was measured with).

Prints: median POST-to-ACTIVE of one server, time for 50 concurrent boots
to all be ACTIVE, median GET /servers/detail with 200 servers at 2.100, and
the daemons' memory (PSS) at idle. Run: tox -e bench [-- --backend eventlet]
"""
import argparse
import concurrent.futures
import os
import statistics
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from tests.integration import deployment  # noqa: E402
from tests.integration import services  # noqa: E402

HEADERS = {'OpenStack-API-Version': 'compute 2.100',
           'X-OpenStack-Nova-API-Version': '2.100'}
NOVA_34 = {'single': 0.53, 'fifty': 27.7, 'detail': 1.15, 'pss': 1136}


def _pss_mib(pid):
    try:
        with open('/proc/%d/smaps_rollup' % pid) as f:
            for line in f:
                if line.startswith('Pss:'):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return 0.0
    return 0.0


def _image_id(session, endpoint):
    images = session.get(endpoint + '/image/v2/images').json()['images']
    return images[0]['id']


def _boot(session, endpoint, image, name):
    body = {'server': {'name': name, 'imageRef': image, 'flavorRef': '1',
                       'networks': 'none'}}
    resp = session.post(endpoint + '/v2.1/servers', json=body,
                        headers=HEADERS)
    resp.raise_for_status()
    return resp.json()['server']['id']


def _wait_active(session, endpoint, server_id, poll=0.005):
    while True:
        server = session.get(endpoint + '/v2.1/servers/' + server_id,
                             headers=HEADERS).json()['server']
        if server['status'] == 'ACTIVE':
            return
        if server['status'] == 'ERROR':
            raise RuntimeError('server went to ERROR: %s' % server)
        time.sleep(poll)


def _wait_all_active(session, endpoint, ids, poll=0.1):
    pending = set(ids)
    while pending:
        servers = session.get(endpoint + '/v2.1/servers/detail',
                              headers=HEADERS).json()['servers']
        status = {s['id']: s['status'] for s in servers}
        if any(status.get(i) == 'ERROR' for i in pending):
            raise RuntimeError('a server went to ERROR')
        pending = {i for i in pending if status.get(i) != 'ACTIVE'}
        time.sleep(poll)


def _delete_all(session, endpoint):
    servers = session.get(endpoint + '/v2.1/servers',
                          headers=HEADERS).json()['servers']
    for server in servers:
        session.delete(endpoint + '/v2.1/servers/' + server['id'])
    while session.get(endpoint + '/v2.1/servers').json()['servers']:
        time.sleep(0.05)


def run(backend, db):
    with tempfile.TemporaryDirectory() as workdir, \
            services.rabbit_vhost() as transport_url, \
            services.DATABASES[db]() as db_url:
        dep = deployment.Deployment(
            workdir, transport_url, db_url, computes=('cmp1',),
            backend=backend,
            common={'DEFAULT': {'report_interval': 10,
                                'service_down_time': 60},
                    'fake_driver': {'vcpus': 1000, 'memory_mb': 4096000,
                                    'local_gb': 100000}})
        dep.start()
        try:
            endpoint = dep.endpoint
            session = requests.Session()
            image = _image_id(session, endpoint)
            # warm up
            _wait_active(session, endpoint,
                         _boot(session, endpoint, image, 'warm'))
            _delete_all(session, endpoint)

            singles = []
            for i in range(15):
                start = time.perf_counter()
                _wait_active(session, endpoint,
                             _boot(session, endpoint, image, 'one-%d' % i))
                singles.append(time.perf_counter() - start)
            _delete_all(session, endpoint)

            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(50) as pool:
                ids = list(pool.map(
                    lambda i: _boot(requests.Session(), endpoint, image,
                                    'fifty-%d' % i), range(50)))
            _wait_all_active(session, endpoint, ids)
            fifty = time.perf_counter() - start

            with concurrent.futures.ThreadPoolExecutor(10) as pool:
                ids = list(pool.map(
                    lambda i: _boot(requests.Session(), endpoint, image,
                                    'detail-%d' % i), range(150)))
            _wait_all_active(session, endpoint, ids)
            details = []
            for _ in range(15):
                start = time.perf_counter()
                resp = session.get(endpoint + '/v2.1/servers/detail',
                                   headers=HEADERS)
                details.append(time.perf_counter() - start)
                assert len(resp.json()['servers']) == 200
            _delete_all(session, endpoint)
            time.sleep(3)
            pss = sum(_pss_mib(p.pid) for p in dep.procs.values())
        finally:
            dep.stop()
    return {'single': statistics.median(singles), 'fifty': fifty,
            'detail': statistics.median(details), 'pss': pss}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--backend', default='threading',
                        choices=['threading', 'eventlet'])
    parser.add_argument('--db', default='mysql',
                        choices=['mysql', 'postgresql'])
    args = parser.parse_args()
    result = run(args.backend, args.db)
    print('nova_lite boot benchmark (%s backend, %s, RabbitMQ, fake driver, '
          'one compute)' % (args.backend, args.db))
    rows = [('median POST-to-ACTIVE, one server', 'single', 's'),
            ('50 concurrent boots, all ACTIVE', 'fifty', 's'),
            ('median GET /servers/detail, 200 servers, 2.100', 'detail',
             's'),
            ('daemons PSS at idle', 'pss', 'MiB')]
    for label, key, unit in rows:
        ours, theirs = result[key], NOVA_34[key]
        print('  %-50s %9.3f %-3s (Nova 34: %g %s, %.1fx)' % (
            label, ours, unit, theirs, unit, theirs / ours if ours else 0))


if __name__ == '__main__':
    main()
