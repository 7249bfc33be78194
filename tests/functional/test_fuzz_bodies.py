"""Random JSON at the create-server and server-action endpoints: every
answer is a 4xx in Nova's error shape (or a success when the random body
happens to be valid) — never a 500."""
import hypothesis
from hypothesis import strategies as st
import pytest

JSON_SCALARS = (st.none() | st.booleans() | st.integers() |
                st.floats(allow_nan=False, allow_infinity=False) |
                st.text(max_size=20))
JSON = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) |
    st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12)

SERVER_KEYS = ['name', 'imageRef', 'flavorRef', 'networks', 'min_count',
               'max_count', 'metadata', 'key_name', 'user_data',
               'availability_zone', 'description', 'tags', 'hostname',
               'block_device_mapping_v2', 'config_drive',
               'return_reservation_id', 'accessIPv4', 'adminPass']
ACTIONS = ['reboot', 'os-stop', 'os-start', 'os-getConsoleOutput', 'pause',
           'unpause', 'suspend', 'resume', 'lock', 'unlock', 'rescue',
           'unrescue', 'os-resetState', 'resize', 'confirmResize',
           'revertResize', 'rebuild', 'createImage', 'trigger_crash_dump',
           'forceDelete', 'restore', 'migrate', 'addSecurityGroup']

# Bodies shaped like the real thing, with random values in the fields.
SERVER_BODIES = st.fixed_dictionaries({}, optional={
    key: JSON for key in SERVER_KEYS}).map(lambda s: {'server': s})
ACTION_BODIES = st.sampled_from(ACTIONS).flatmap(
    lambda name: JSON.map(lambda value: {name: value}))
VERSIONS = st.sampled_from(['2.1', '2.19', '2.37', '2.47', '2.74', '2.90',
                            '2.100'])
FUZZ = hypothesis.settings(
    max_examples=150, deadline=None, derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck))


def _check(resp):
    assert resp.status_code < 500, (resp.status_code, resp.text)
    if resp.status_code >= 400:
        body = resp.json()
        assert len(body) == 1
        (fault,) = body.values()
        assert fault['code'] == resp.status_code and fault['message']


@pytest.fixture
def cleanup(api):
    yield
    for server in api.get('/v2.1/servers?all_tenants=1').json()['servers']:
        api.delete('/v2.1/servers/%s' % server['id'])


@FUZZ
@hypothesis.given(body=SERVER_BODIES | JSON, version=VERSIONS)
def test_create_server_never_500(api, cleanup, body, version):
    _check(api.post('/v2.1/servers', body, version=version))


@pytest.fixture(scope='module')
def fuzz_server(deployment):
    from tests.functional.conftest import Client
    client = Client(deployment)
    image = client.get('/image/v2/images?name=nova-lite-tiny').json()[
        'images'][0]['id']
    resp = client.post('/v2.1/servers', {'server': {
        'name': 'fuzz-target', 'imageRef': image, 'flavorRef': '1'}})
    server_id = resp.json()['server']['id']
    client.wait_for_server(server_id, 'ACTIVE')
    yield server_id
    client.delete('/v2.1/servers/%s' % server_id)


@FUZZ
@hypothesis.given(body=ACTION_BODIES | JSON, version=VERSIONS)
def test_server_actions_never_500(api, fuzz_server, body, version):
    _check(api.post('/v2.1/servers/%s/action' % fuzz_server, body,
                    version=version))
