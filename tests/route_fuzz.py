"""Hypothesis strategies that drive every route of the compute API: the
routes (method and path) the declarative API cases exercise
(tests/functional/api_cases), their ids filled with real ones and with
garbage, query strings of the API's filter and paging parameters with
values in and out of range, version and content headers, and bodies
shaped like each route's real requests (the cases' bodies with random
values in their fields, long strings past every column) or any JSON.

Used by tests/functional/test_fuzz_routes.py (SQLite, in-process) and
tests/integration/test_fuzz_backends.py (MariaDB and PostgreSQL). The
answer to each request must be a success or a 4xx in Nova's error shape:
never a 5xx.
"""
import copy
import re
import urllib.parse

import hypothesis
from hypothesis import strategies as st

from tests.functional import api_cases

# Segments that name a sub-resource or an action, never an id.
LITERALS = {
    'v2.1', 'image', 'v2', 'images', 'servers', 'flavors', 'detail',
    'action', 'os-flavor-access', 'os-extra_specs', 'metadata', 'limits',
    'os-aggregates', 'os-availability-zone', 'os-hypervisors', 'uptime',
    'search', 'statistics', 'os-keypairs', 'os-migrations', 'os-networks',
    'os-quota-class-sets', 'os-quota-sets', 'defaults',
    'os-security-group-rules', 'os-security-groups',
    'os-server-external-events', 'os-server-groups', 'os-services',
    'disable', 'enable', 'force-down', 'disable-log-reason',
    'os-simple-tenant-usage', 'os-tenant-networks', 'diagnostics', 'ips',
    'migrations', 'os-instance-actions', 'os-interface',
    'os-server-password', 'tags', ''}
_VAR = re.compile(r'\$[A-Za-z_][A-Za-z0-9_]*')
ID = '{id}'

# The long form of an IPv6 address that once overflowed accessIPv6 on
# MariaDB (valid: it must be stored canonical, '::babe:dc0c:1602').
LONG_IPV6 = '0000:0000:0000:0000:0000:babe:220.12.22.2'

QUERY_NAMES = [
    'limit', 'marker', 'sort_key', 'sort_dir', 'changes-since',
    'changes-before', 'name', 'status', 'all_tenants', 'host', 'ip', 'ip6',
    'flavor', 'image', 'tags', 'tags-any', 'not-tags', 'not-tags-any',
    'deleted', 'reservation_id', 'project_id', 'tenant_id', 'user_id',
    'minDisk', 'minRam', 'is_public', 'type', 'detailed', 'start', 'end',
    'hidden', 'locked', 'availability_zone', 'key_name', 'config_drive',
    'access_ip_v4', 'access_ip_v6', 'binary', 'instance_uuid',
    'migration_type', 'source_compute', 'with_servers', 'hypervisor_hostname_pattern',
    'exclude', 'display_name', 'uuid', 'node', 'description']

TEXT = st.text(max_size=40) | st.text(min_size=250, max_size=300) | \
    st.sampled_from(['', ' ', 'a' * 255, 'a' * 256, 'x' * 65536, '0', '-1',
                     '2147483648', '1e400', 'null', 'true', LONG_IPV6,
                     '::1', '1.2.3.4', '2020-01-01T00:00:00Z',
                     '9999-99-99', '%', '\x00', '\u2603' * 100])
SCALARS = (st.none() | st.booleans() |
           st.integers(min_value=-2 ** 70, max_value=2 ** 70) |
           st.floats(allow_nan=False, allow_infinity=False) | TEXT)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) |
    st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12)

# What an HTTP header can carry (latin-1, no line breaks).
HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=32,
                                             max_codepoint=255,
                                             exclude_characters='\x7f'),
                      max_size=60).map(str.strip)
VERSIONS = st.sampled_from(['2.1', '2.19', '2.37', '2.47', '2.57', '2.74',
                            '2.90', '2.96', '2.100'])
HEADER_VALUES = {
    'OpenStack-API-Version': st.sampled_from(
        ['compute 2.1', 'compute 2.100', 'compute latest', 'compute 3.0',
         'compute 2.9999', 'compute 2.-1', 'compute x', 'volume 3.0', '',
         'compute 2.1, compute 2.2']) | HEADER_TEXT,
    'X-OpenStack-Nova-API-Version': st.sampled_from(
        ['2.1', '2.100', 'latest', '9.9']) | HEADER_TEXT,
    'Content-Type': st.sampled_from(
        ['application/json', 'text/plain', 'application/xml', '',
         'application/json; charset=latin-1']),
    'Accept': st.sampled_from(['application/json', 'text/html', '*/*',
                               'application/xml']),
}


def _template(url):
    """The route of a case's URL: ids as {id}, the query dropped."""
    path = urllib.parse.urlsplit(_VAR.sub(ID, url)).path
    parts = path.split('/')
    return '/'.join(p if p in LITERALS else ID for p in parts)


def load_routes():
    """{(method, route): [example bodies]} from the API cases."""
    routes = {}
    for name in api_cases.case_files():
        for case in api_cases.load(name).get('tests', []):
            for method in api_cases.METHODS:
                if method in case and isinstance(case[method], str):
                    bodies = routes.setdefault(
                        (method, _template(case[method])), [])
                    if isinstance(case.get('data'), (dict, list)):
                        bodies.append(case['data'])
    return routes


ROUTES = load_routes()


def _mutated(example):
    """`example` with random values in place of some of its leaves (and
    sometimes a key dropped or added)."""
    if isinstance(example, dict):
        if not example:
            return st.just({}) | st.dictionaries(st.text(max_size=12),
                                                  SCALARS, max_size=3)
        keys = sorted(example)
        return st.fixed_dictionaries(
            {k: st.one_of(_mutated(example[k]), SCALARS) for k in keys}
        ).flatmap(lambda d: st.sampled_from(keys + [None]).map(
            lambda drop: {k: v for k, v in d.items() if k != drop}))
    if isinstance(example, list):
        if not example:
            return st.lists(SCALARS, max_size=3)
        return st.lists(_mutated(example[0]), max_size=3)
    if isinstance(example, str) and not _VAR.search(example):
        return st.just(example) | TEXT
    return SCALARS


def bodies_for(route):
    examples = [copy.deepcopy(b) for b in ROUTES.get(route, [])]
    strategies = [JSON]
    if examples:
        strategies.insert(0, st.sampled_from(examples).flatmap(_mutated))
    return st.one_of(strategies)


def requests_strategy(ids):
    """(method, path, query, headers, body) tuples; `ids` the real ids
    to put in paths besides garbage."""
    id_values = st.sampled_from(sorted(set(ids))) | TEXT.filter(
        lambda s: '/' not in s and s not in ('.', '..'))
    routes = sorted(ROUTES)

    def build(route):
        method, template = route
        segments = template.count(ID)
        query = st.lists(st.tuples(st.sampled_from(QUERY_NAMES), TEXT),
                         max_size=4) if method == 'GET' else st.just([])
        headers = st.fixed_dictionaries({}, optional=HEADER_VALUES)
        body = bodies_for(route) if method in ('POST', 'PUT') \
            else st.none()
        return st.tuples(st.just(method),
                         st.lists(id_values, min_size=segments,
                                  max_size=segments).map(
                             lambda values: _fill(template, values)),
                         query, headers, body)
    return st.sampled_from(routes).flatmap(build)


def _fill(template, values):
    parts = template.split('/')
    values = iter(values)
    return '/'.join(urllib.parse.quote(next(values), safe='')
                    if p == ID else p for p in parts)


def check(resp):
    """No 5xx; an error has Nova's one-key body with its code and a
    message."""
    assert resp.status_code < 500, (resp.status_code, resp.request.method,
                                    resp.request.url, resp.text[:500])
    if resp.status_code >= 400 and resp.request.method != 'HEAD' and \
            resp.headers.get('Content-Type', '').startswith(
                'application/json'):
        body = resp.json()
        assert len(body) == 1, body
        (fault,) = body.values()
        assert fault['code'] == resp.status_code and fault['message'], body


def send(session, endpoint, request, token=None):
    method, path, query, headers, body = request
    headers = dict(headers)
    if token:
        headers['X-Auth-Token'] = token
    url = endpoint + path
    if query:
        url += '?' + urllib.parse.urlencode(query)
    data = None
    if body is not None:
        import json
        data = json.dumps(body)
        headers.setdefault('Content-Type', 'application/json')
    return session.request(method, url, data=data, headers=headers,
                           timeout=60)


# The pinned examples every run starts with: the long-form IPv6 address
# of the issue, and strings one past their column.
PINNED = [
    ('POST', '/v2.1/servers', [], {'OpenStack-API-Version': 'compute 2.1'},
     {'server': {'name': 'pinned', 'imageRef': '$IMAGE', 'flavorRef': '1',
                 'accessIPv6': LONG_IPV6}}),
    ('POST', '/v2.1/servers', [], {'OpenStack-API-Version': 'compute 2.19'},
     {'server': {'name': 'n' * 255, 'imageRef': '$IMAGE', 'flavorRef': '1',
                 'description': 'd' * 256, 'accessIPv4': '1.2.3.4'}}),
    ('PUT', '/v2.1/servers/$SERVER', [],
     {'OpenStack-API-Version': 'compute 2.19'},
     {'server': {'accessIPv6': LONG_IPV6, 'description': 'd' * 255}}),
    # NUL characters: PostgreSQL cannot store them (400, on every backend).
    ('DELETE', '/v2.1/flavors/%00', [], {}, None),
    ('GET', '/v2.1/servers', [('name', 'a\x00b')], {}, None),
    ('POST', '/v2.1/os-keypairs', [], {},
     {'keypair': {'name': 'nul\x00name'}}),
    ('POST', '/v2.1/os-keypairs', [], {},
     {'keypair': {'name': 'k' * 256}}),
    ('POST', '/v2.1/flavors', [], {},
     {'flavor': {'name': 'f' * 256, 'ram': 1, 'vcpus': 1, 'disk': 1}}),
    ('POST', '/v2.1/os-aggregates', [], {},
     {'aggregate': {'name': 'a' * 256}}),
    ('POST', '/v2.1/os-server-groups', [], {},
     {'server_group': {'name': 'g' * 256, 'policies': ['affinity']}}),
]


def pinned(image_id, server_id):
    out = []
    for method, path, query, headers, body in PINNED:
        text = path.replace('$SERVER', server_id)
        import json
        body = json.loads(json.dumps(body).replace('$IMAGE', image_id))
        out.append((method, text, query, headers, body))
    return out


def settings(max_examples):
    return hypothesis.settings(
        max_examples=max_examples, deadline=None, derandomize=True,
        database=None, suppress_health_check=list(hypothesis.HealthCheck))
