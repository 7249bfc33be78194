import json

from oslo_config import cfg
import pytest
import webob

from nova_lite.api.controllers import base as controller_base
from nova_lite import conf as _conf  # noqa: F401 - registers options
from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from tests.unit.api import fakes

objects.register_all()

ADMIN = 'admin:admin'
MEMBER = 'user1:proj1'


class Client(object):
    """Calls the WSGI app in-process, like a tiny webtest."""

    def __init__(self, app):
        self.app = app

    def request(self, method, path, body=None, token=ADMIN, version=None,
                headers=None):
        hdrs = dict(headers or {})
        if token is not None:
            hdrs['X-Auth-Token'] = token
        if version is not None:
            hdrs['OpenStack-API-Version'] = 'compute %s' % version
        req = webob.Request.blank(path, method=method, headers=hdrs)
        if body is not None:
            req.body = (body if isinstance(body, bytes)
                        else json.dumps(body).encode())
            req.content_type = 'application/json'
        resp = req.get_response(self.app)
        try:
            resp.json_body_or_none = json.loads(resp.body) \
                if resp.body and 'json' in (resp.content_type or '') \
                else None
        except ValueError:
            resp.json_body_or_none = None
        return resp

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, body=None, **kw):
        return self.request('POST', path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request('PUT', path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)


@pytest.fixture
def conf(tmp_path):
    conf = cfg.ConfigOpts()
    from nova_lite.conf import api, default, image_store
    for module in (default, api, image_store):
        module.register_opts(conf)
    conf([], project='nova-lite', default_config_files=[])
    conf.set_override('auth_strategy', 'noauth2', group='api')
    conf.set_override('path', str(tmp_path / 'images'), group='image_store')
    yield conf
    policy.reset()


@pytest.fixture
def compute():
    fake = fakes.FakeComputeAPI()
    controller_base.set_compute_api(fake)
    yield fake
    controller_base.set_compute_api(None)


@pytest.fixture
def flavors(monkeypatch):
    store = {'1': fakes.make_flavor('1', 'm1.tiny', id=1),
             '2': fakes.make_flavor('2', 'm1.small', id=2, memory_mb=2048,
                                    root_gb=20, swap=512,
                                    description='small one',
                                    extra_specs={'hw:cpu_policy': 'shared'}),
             '3': fakes.make_flavor('3', 'private', id=3, is_public=False)}
    calls = []

    def get_all(cls, context, filters=None, sort_key='flavorid',
                sort_dir='asc', limit=None, marker=None):
        calls.append(dict(filters=filters, limit=limit, marker=marker))
        items = sorted((f for k, f in store.items() if k != 'calls'),
                       key=lambda f: f.flavorid)
        if (filters or {}).get('is_public') is not None:
            items = [f for f in items
                     if f.is_public == filters['is_public']]
        if marker is not None:
            ids = [f.flavorid for f in items]
            if marker not in ids:
                raise exception.MarkerNotFound(marker=marker)
            items = items[ids.index(marker) + 1:]
        return items[:limit] if limit else items

    def get_by_flavor_id(cls, context, flavorid):
        if flavorid not in store:
            raise exception.FlavorNotFound(flavor_id=flavorid)
        return store[flavorid]

    def create(self):
        if self.flavorid in store:
            raise exception.FlavorExists(flavor_id=self.flavorid)
        self.id = len(store) + 1
        store[self.flavorid] = self

    def destroy(self):
        store.pop(self.flavorid)

    monkeypatch.setattr(objects.FlavorList, 'get_all',
                        classmethod(get_all))
    monkeypatch.setattr(objects.Flavor, 'get_by_flavor_id',
                        classmethod(get_by_flavor_id))
    monkeypatch.setattr(objects.Flavor, 'create', create)
    monkeypatch.setattr(objects.Flavor, 'destroy', destroy)
    store['calls'] = calls
    return store


@pytest.fixture
def services(monkeypatch):
    from oslo_utils import timeutils
    now = timeutils.utcnow()
    items = [
        fakes.make_service(1, 'nova-conductor', 'ctl',
                           last_seen_up=now),
        fakes.make_service(2, 'nova-compute', 'host1',
                           last_seen_up=now),
        fakes.make_service(3, 'nova-compute', 'host2',
                           last_seen_up=None, updated_at=None,
                           created_at=now.replace(year=2000),
                           disabled=True, disabled_reason='maint'),
    ]

    def get_all(cls, context, filters=None):
        return list(items)

    monkeypatch.setattr(objects.ServiceList, 'get_all',
                        classmethod(get_all))
    # Availability zones of hosts (from aggregates): none by default.
    monkeypatch.setattr(objects.AggregateList, 'get_host_availability_zones',
                        classmethod(lambda cls, context: {}))
    return items


@pytest.fixture
def nodes(monkeypatch):
    items = [fakes.make_node(1, 'host1', service_id=2),
             fakes.make_node(2, 'host2', service_id=3)]

    def get_all(cls, context):
        return list(items)

    def get_by_id(cls, context, node_id):
        for n in items:
            if n.id == node_id:
                return n
        raise exception.ComputeHostNotFound(host=node_id)

    def get_by_uuid(cls, context, node_uuid):
        for n in items:
            if n.uuid == node_uuid:
                return n
        raise exception.ComputeHostNotFound(host=node_uuid)

    monkeypatch.setattr(objects.ComputeNodeList, 'get_all',
                        classmethod(get_all))
    monkeypatch.setattr(objects.ComputeNode, 'get_by_id',
                        classmethod(get_by_id))
    monkeypatch.setattr(objects.ComputeNode, 'get_by_uuid',
                        classmethod(get_by_uuid))
    return items


@pytest.fixture
def app(conf):
    from nova_lite.api import wsgi
    application = wsgi.build_app(conf)
    yield application
    controller_base.set_image_api(None)


@pytest.fixture
def client(app, compute):
    return Client(app)
