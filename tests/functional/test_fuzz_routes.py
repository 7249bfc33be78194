"""Every route of the compute API under hypothesis (tests/route_fuzz.py)
over the in-process deployment (SQLite): ids, query strings, headers and
bodies in and out of each route's schema; no answer is a 5xx.

Reads run as the admin; writes as a member of a project of their own, so
the shared deployment's flavors, services and quotas stay as the other
tests expect them (tests/integration/test_fuzz_backends.py writes as the
admin, on a deployment of its own)."""
import hypothesis
import pytest
import requests

from tests.functional.conftest import Client
from tests import route_fuzz

MEMBER = 'fuzzer:project-fuzz'
BUDGET = 250


@pytest.fixture(scope='module')
def fuzz_ids(deployment):
    client = Client(deployment, token=MEMBER)
    image = client.get('/image/v2/images?name=nova-lite-tiny').json()[
        'images'][0]['id']
    server = client.post('/v2.1/servers', {'server': {
        'name': 'route-fuzz', 'imageRef': image, 'flavorRef': '1',
        'networks': 'none'}}, version='2.37').json()['server']['id']
    client.wait_for_server(server, 'ACTIVE')
    yield {'image': image, 'server': server,
           'ids': [image, server, '1', 'admin', 'project-fuzz',
                   '00000000-0000-0000-0000-000000000000']}
    for item in client.get('/v2.1/servers').json()['servers']:
        client.delete('/v2.1/servers/%s' % item['id'])


def _token(method):
    return None if method in ('GET', 'HEAD') else MEMBER


def test_pinned_examples(deployment, fuzz_ids):
    session = requests.Session()
    for request in route_fuzz.pinned(fuzz_ids['image'],
                                     fuzz_ids['server']):
        route_fuzz.check(route_fuzz.send(session, deployment, request,
                                         token=MEMBER))


def test_every_route_never_5xx(deployment, fuzz_ids):
    session = requests.Session()

    @route_fuzz.settings(BUDGET)
    @hypothesis.given(request=route_fuzz.requests_strategy(fuzz_ids['ids']))
    def drive(request):
        route_fuzz.check(route_fuzz.send(session, deployment, request,
                                         token=_token(request[0])))
    drive()
