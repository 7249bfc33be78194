"""One in-process nova_lite for the functional tests: conductor, scheduler,
two fake computes and the REST API in this process, over oslo.messaging's
in-process transport and a SQLite file.

Object methods run in-process by default, as in nova-lite-all; the
`object_indirection` fixture sends them over RPC to the conductor instead,
as between separate daemons."""
import os
import tempfile
import threading
import time

import pytest
import requests

from tests import conf as test_conf
from tests.functional import indirection


class Client(object):
    """A tiny REST client that reads like the api-ref."""

    def __init__(self, endpoint, version='2.1', token=None):
        self.endpoint = endpoint
        self.version = version
        self.token = token
        self.session = requests.Session()

    def headers(self, version=None, token=None):
        headers = {}
        version = version or self.version
        if version:
            headers['OpenStack-API-Version'] = 'compute %s' % version
        token = token or self.token
        if token:
            headers['X-Auth-Token'] = token
        return headers

    def request(self, method, path, body=None, version=None, token=None,
                headers=None):
        all_headers = self.headers(version, token)
        all_headers.update(headers or {})
        return self.session.request(method, self.endpoint + path, json=body,
                                    headers=all_headers, timeout=30)

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, body=None, **kw):
        return self.request('POST', path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request('PUT', path, body, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    def wait_for_server(self, server_id, status, timeout=20, **kw):
        deadline = time.time() + timeout
        while time.time() < deadline:
            resp = self.get('/v2.1/servers/%s' % server_id, **kw)
            if status == 'DELETED' and resp.status_code == 404:
                return None
            server = resp.json()['server']
            if server['status'] == status and \
                    server.get('OS-EXT-STS:task_state') is None:
                return server
            time.sleep(0.02)
        raise AssertionError('server %s not %s: %s; its last action: %s' % (
            server_id, status, resp.json(), self._last_action(server_id)))

    def _last_action(self, server_id):
        """The server's latest instance action with its events (their
        tracebacks say why a task stopped), for a failure message."""
        path = '/v2.1/servers/%s/os-instance-actions' % server_id
        actions = self.get(path, version='2.84').json().get(
            'instanceActions') or [{}]
        request_id = actions[0].get('request_id')
        if not request_id:
            return None
        return self.get('%s/%s' % (path, request_id),
                        version='2.84').json().get('instanceAction')


@pytest.fixture(scope='package')
def deployment():
    conf = test_conf.parse_once()
    from nova_lite.api import wsgi
    from nova_lite.cmd import all as all_in_one
    from nova_lite.cmd import common
    from nova_lite.compute import manager as compute_manager
    from nova_lite.conductor import manager as conductor_manager
    from nova_lite.db import api as db_api
    from nova_lite.scheduler import manager as scheduler_manager
    from nova_lite import service

    state = tempfile.mkdtemp(prefix='nova-lite-functional-')
    overrides = {
        'state_path': state, 'transport_url': 'fake:/',
        'compute_driver': 'fake.FakeDriver', 'report_interval': 1,
        'service_down_time': 30, 'host': 'functional',
    }
    for key, value in overrides.items():
        conf.set_override(key, value)
    conf.set_override('auth_strategy', 'noauth2', group='api')
    conf.set_override('connection', 'sqlite:///%s' % os.path.join(
        state, 'nova-lite.sqlite'), group='database')
    db_api.dispose()
    db_api.configure(conf)
    common.init_rpc_and_objects(conf, indirection=False)
    all_in_one.bootstrap(conf)
    conductor = indirection.ConductorEndpoint(
        conductor_manager.ConductorManager())
    services = [
        service.Service('controller', 'nova-conductor', 'conductor',
                        conductor),
        service.Service('controller', 'nova-scheduler', 'scheduler',
                        scheduler_manager.SchedulerManager()),
    ] + [service.Service(host, 'nova-compute', 'compute',
                         compute_manager.ComputeManager(host))
         for host in ('fc1', 'fc2')]
    for svc in services:
        svc.start()
    server = wsgi.make_server(conf, host='127.0.0.1', port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    DEPLOYED['conductor'] = conductor
    DEPLOYED['computes'] = {svc.host: svc.manager for svc in services
                            if svc.binary == 'nova-compute'}
    endpoint = 'http://127.0.0.1:%d' % server.server_address[1]
    yield endpoint
    server.shutdown()
    for svc in reversed(services):
        svc.stop()


# What the session's deployment is made of, for fixtures that need a part.
DEPLOYED = {}


@pytest.fixture(scope='module')
def object_indirection(deployment):
    """For one module, every object method called outside the conductor
    (API, scheduler, computes) travels to it over RPC; yields the
    conductor's endpoint (its counts of what it served)."""
    from nova_lite.conductor import rpcapi as conductor_rpcapi
    from nova_lite.objects import base as obj_base
    conductor = DEPLOYED['conductor']
    obj_base.NovaLiteObject.indirection_api = \
        indirection.OutsideTheConductor(conductor_rpcapi.ConductorAPI())
    try:
        yield conductor
    finally:
        obj_base.NovaLiteObject.indirection_api = None


@pytest.fixture
def api(deployment):
    return Client(deployment)


@pytest.fixture
def image_id(api):
    images = api.get('/image/v2/images?name=nova-lite-tiny').json()
    return images['images'][0]['id']


@pytest.fixture
def fake_neutron(deployment):
    """A Neutron stand-in (tests.fake_neutron) as the deployment's network
    service ([neutron] endpoint_override) for one test, with a shared
    network "private" (10.0.0.0/24) and a project network "project-net"
    (192.168.7.0/24) of project-net. Without it the deployment has no
    network service, as before."""
    from tests import fake_neutron as fake_module
    conf = test_conf.parse_once()
    fake = fake_module.FakeNeutron()
    fake.shared = fake.add_network('private', 'admin', shared=True)
    fake.project_net = fake.add_network('project-net', 'project-net',
                                        cidr='192.168.7.0/24')
    fake.no_subnet = fake.add_network('no-subnet', 'project-net', cidr=None)
    endpoint, stop = fake.serve()
    conf.set_override('endpoint_override', endpoint, group='neutron')
    try:
        yield fake
    finally:
        conf.clear_override('endpoint_override', group='neutron')
        stop()


@pytest.fixture(scope='package')
def network_endpoint(deployment):
    """The network API (nova-lite-network's app) in this process, over
    the deployment's database, noauth2."""
    from nova_lite.api import wsgi
    from nova_lite.network.server import wsgi as network_wsgi
    conf = test_conf.parse_once()
    conf.set_override('auth_strategy', 'noauth2', group='network')
    server = wsgi.make_server(conf, host='127.0.0.1', port=0,
                              app=network_wsgi.application(conf))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % server.server_address[1]
    server.shutdown()


@pytest.fixture
def network_api(network_endpoint):
    return Client(network_endpoint, version=None)


@pytest.fixture
def fake_cinder(deployment):
    """A Cinder stand-in (tests.fake_cinder) as the deployment's block
    storage service ([cinder] endpoint_template) for one test. Without it
    the deployment has no block storage service."""
    from tests import fake_cinder as fake_module
    conf = test_conf.parse_once()
    # The compute checks the volumes it creates without waiting.
    conf.set_override('block_device_allocate_retries_interval', 0)
    try:
        with fake_module.serving(conf) as fake:
            yield fake
    finally:
        conf.clear_override('block_device_allocate_retries_interval')


@pytest.fixture
def fake_computes(deployment):
    """{host: ComputeManager} of the deployment's fake computes."""
    return DEPLOYED['computes']
