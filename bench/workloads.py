"""The benchmark's workloads, against any Compute API endpoint (nova_lite
or the real Nova 34): each returns seconds, timed from the client side.

All boots use ``networks: none`` and flavor ``1``; the caller provides an
image id the endpoint can boot and a noauth token of an admin.
"""
import concurrent.futures
import statistics
import time

import requests

from tests.integration import deployment

LATEST = '2.100'


def _headers(version):
    return {'X-Auth-Token': 'admin:admin',
            'OpenStack-API-Version': 'compute %s' % version,
            'X-OpenStack-Nova-API-Version': version}


class Client(object):
    def __init__(self, endpoint, image, flavor='1'):
        self.endpoint = endpoint.rstrip('/')
        self.image = image
        self.flavor = flavor
        self.session = requests.Session()

    def get(self, path, version=LATEST, session=None):
        resp = (session or self.session).get(
            self.endpoint + path, headers=_headers(version), timeout=120)
        resp.raise_for_status()
        return resp.json()

    def boot(self, name, session=None):
        body = {'server': {'name': name, 'imageRef': self.image,
                           'flavorRef': self.flavor, 'networks': 'none'}}
        resp = (session or self.session).post(
            self.endpoint + '/v2.1/servers', json=body,
            headers=_headers(LATEST), timeout=120)
        resp.raise_for_status()
        return resp.json()['server']['id']

    def delete(self, server_id, session=None):
        resp = (session or self.session).delete(
            self.endpoint + '/v2.1/servers/' + server_id,
            headers=_headers(LATEST), timeout=120)
        if resp.status_code not in (204, 404):
            resp.raise_for_status()

    def server_ids(self):
        return [s['id'] for s in self.get('/v2.1/servers')['servers']]

    def wait_active(self, server_id, poll=0.005):
        while True:
            server = self.get('/v2.1/servers/' + server_id)['server']
            if server['status'] == 'ACTIVE':
                return
            if server['status'] == 'ERROR':
                raise RuntimeError('server went to ERROR: %s' % server)
            time.sleep(poll)

    def wait_all_active(self, ids, poll=0.1):
        pending = set(ids)
        while pending:
            servers = self.get('/v2.1/servers/detail')['servers']
            status = {s['id']: s['status'] for s in servers}
            if any(status.get(i) == 'ERROR' for i in pending):
                raise RuntimeError('a server went to ERROR')
            pending = {i for i in pending if status.get(i) != 'ACTIVE'}
            time.sleep(poll)

    def wait_none(self, poll=0.05):
        while self.server_ids():
            time.sleep(poll)

    def delete_all(self):
        for server_id in self.server_ids():
            self.delete(server_id)
        self.wait_none()

    def concurrently(self, func, items, threads=50):
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            return list(pool.map(
                lambda item: func(item, session=requests.Session()), items))


def _timed(func, *args):
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def single_boot(client, repeat=10):
    """Median POST -> ACTIVE of one server, booted one after another."""
    client.wait_active(client.boot('warm'))
    client.delete_all()
    times = [_timed(lambda i: client.wait_active(client.boot('one-%d' % i)),
                    i) for i in range(repeat)]
    client.delete_all()
    return statistics.median(times)


def concurrent_boots(client, count=50):
    """POST ``count`` servers at once -> all ACTIVE."""
    start = time.perf_counter()
    ids = client.concurrently(client.boot,
                              ['many-%d' % i for i in range(count)])
    client.wait_all_active(ids)
    return time.perf_counter() - start, ids


def concurrent_deletes(client, ids):
    """DELETE every server at once -> the list is empty."""
    start = time.perf_counter()
    client.concurrently(client.delete, ids)
    client.wait_none()
    return time.perf_counter() - start


def grow_to(client, count):
    have = len(client.server_ids())
    if have < count:
        ids = client.concurrently(
            client.boot, ['list-%d' % i for i in range(have, count)],
            threads=10)
        client.wait_all_active(ids)


def median_get(client, path, version, repeat=15, expect=None):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        body = client.get(path, version=version)
        times.append(time.perf_counter() - start)
        if expect is not None:
            assert len(body['servers']) == expect, len(body['servers'])
    return statistics.median(times)


def pss_mib(pids):
    """Proportional set size of these processes and all their
    descendants (worker processes), in MiB."""
    everyone = set(pids)
    for pid in pids:
        everyone.update(deployment.descendants(pid))
    return sum(_own_pss_kib(pid) for pid in everyone) / 1024.0


def _own_pss_kib(pid):
    try:
        with open('/proc/%d/smaps_rollup' % pid) as f:
            for line in f:
                if line.startswith('Pss:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def prepare(client):
    """What both sides need before the run: flavor ``1`` (Nova 34 starts
    with none) and no quota in the way of 200 servers."""
    resp = client.session.get(client.endpoint + '/v2.1/flavors/1',
                              headers=_headers('2.1'), timeout=60)
    if resp.status_code == 404:
        client.session.post(
            client.endpoint + '/v2.1/flavors', headers=_headers('2.1'),
            json={'flavor': {'id': '1', 'name': 'bench.tiny', 'vcpus': 1,
                             'ram': 64, 'disk': 1}},
            timeout=60).raise_for_status()
    project = 'admin'
    client.session.put(
        client.endpoint + '/v2.1/os-quota-sets/' + project,
        headers=_headers('2.1'),
        json={'quota_set': {'instances': -1, 'cores': -1, 'ram': -1}},
        timeout=60).raise_for_status()


def run_all(client, daemons):
    """Every figure of the table, in one pass, starting from no servers."""
    prepare(client)
    figures = {'single': single_boot(client)}
    figures['boots50'], ids = concurrent_boots(client)
    figures['detail50_21'] = median_get(client, '/v2.1/servers/detail',
                                        '2.1', expect=50)
    figures['deletes50'] = concurrent_deletes(client, ids)
    grow_to(client, 200)
    figures['detail200_21'] = median_get(client, '/v2.1/servers/detail',
                                         '2.1', expect=200)
    figures['detail200_latest'] = median_get(
        client, '/v2.1/servers/detail', LATEST, expect=200)
    figures['flavors'] = median_get(client, '/v2.1/flavors', '2.1',
                                    repeat=50)
    client.delete_all()
    time.sleep(3)
    for name, pid in daemons.items():
        figures['pss ' + name] = pss_mib([pid])
    figures['pss'] = sum(figures['pss ' + name] for name in daemons)
    return figures


ROWS = [
    ('one boot, POST -> ACTIVE (median of 10)', 'single', 's'),
    ('50 concurrent boots -> all ACTIVE', 'boots50', 's'),
    ('50 concurrent deletes -> all gone', 'deletes50', 's'),
    ('GET /servers/detail, 50 servers, 2.1', 'detail50_21', 's'),
    ('GET /servers/detail, 200 servers, 2.1', 'detail200_21', 's'),
    ('GET /servers/detail, 200 servers, 2.100', 'detail200_latest', 's'),
    ('GET /flavors (median of 50)', 'flavors', 's'),
    ('idle memory (PSS) of the daemons', 'pss', 'MiB'),
]
