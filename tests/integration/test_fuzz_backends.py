"""The route fuzzer (tests/route_fuzz.py) against the daemons over
MariaDB and PostgreSQL, which enforce the column lengths SQLite ignores:
every route, bodies and strings past their columns, the long-form IPv6
address pinned; no answer is a 5xx. As the admin (this deployment is the
module's own), on a fixed budget."""
import hypothesis
import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import services
from tests import route_fuzz

BUDGET = 300


@pytest.fixture(scope='module', params=['mysql', 'postgresql'])
def deployment(request, tmp_path_factory, transport_url):
    with services.DATABASES[request.param]() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('fuzz')), transport_url, db_url)
        dep.start()
        try:
            yield dep
        finally:
            dep.stop()


@pytest.fixture(scope='module')
def fuzz_ids(deployment):
    image = deployment.image_id()
    server = deployment.boot('route-fuzz', image=image)
    deployment_mod.wait_for(
        lambda: deployment.server(server)['status'] == 'ACTIVE')
    return {'image': image, 'server': server,
            'ids': [image, server, '1', 'admin', 'controller',
                    '00000000-0000-0000-0000-000000000000']}


def test_pinned_examples(deployment, fuzz_ids):
    session = requests.Session()
    for request in route_fuzz.pinned(fuzz_ids['image'],
                                     fuzz_ids['server']):
        route_fuzz.check(route_fuzz.send(session, deployment.endpoint,
                                         request))


def test_long_ipv6_is_stored_canonical(deployment, fuzz_ids):
    session = requests.Session()
    image, server = fuzz_ids['image'], fuzz_ids['server']
    created = route_fuzz.send(session, deployment.endpoint,
                              route_fuzz.pinned(image, server)[0])
    assert created.status_code == 202, created.text
    sid = created.json()['server']['id']
    shown = deployment.server(sid)
    assert shown['accessIPv6'] == '::babe:dc0c:1602'
    deployment.delete(sid)


def test_every_route_never_5xx(deployment, fuzz_ids):
    session = requests.Session()

    @route_fuzz.settings(BUDGET)
    @hypothesis.given(request=route_fuzz.requests_strategy(fuzz_ids['ids']))
    def drive(request):
        route_fuzz.check(route_fuzz.send(session, deployment.endpoint,
                                         request))
    drive()
