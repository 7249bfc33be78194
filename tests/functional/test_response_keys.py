"""Schema test: at every microversion 2.1-2.104 the key set of each
response body equals the one documented for Nova at that version.

The expected sets live in tests/functional/response_keys/*.yaml (see the
README there). The resources are created once for the module; each test
is one (resource file, microversion) pair and only reads, except the few
bodies that are POST responses (server and keypair create, consoles),
which are created (and cleaned up) per version.
"""
import json
import os
import re
import time

import pytest
import yaml

from tests.functional.conftest import Client

KEYS_DIR = os.path.join(os.path.dirname(__file__), 'response_keys')
MIN_MINOR, MAX_MINOR = 1, 104
VERSIONS = ['2.%d' % minor for minor in range(MIN_MINOR, MAX_MINOR + 1)]

PROJECT = 'rk-project'
TOKENS = {
    'member': 'rkuser:%s' % PROJECT,
    # noauth2: the user "admin" is an admin in whichever project it names;
    # in the member's project it sees the same servers without all_tenants.
    'admin': 'admin:%s' % PROJECT,
    # server create responses at every version, in a project without
    # quotas; an admin, to force the host (create has no admin-only keys).
    'creator': 'admin:rk-create',
    # a member of that project (rebuilds the servers the admin created).
    'rk-create-member': 'rkcreator:rk-create',
}
ADMIN = 'admin:admin'


def _v(version):
    major, minor = str(version).split('.')
    return int(major), int(minor)


def load_specs():
    specs = {}
    for name in sorted(os.listdir(KEYS_DIR)):
        if name.endswith('.yaml'):
            with open(os.path.join(KEYS_DIR, name)) as f:
                specs[name[:-len('.yaml')]] = yaml.safe_load(f)['bodies']
    return specs


SPECS = load_specs()
ALL_BODIES = {name: body for bodies in SPECS.values()
              for name, body in bodies.items()}


def _apply(keys, section, version):
    """Add the section's base and added_in keys up to `version`, then take
    its removed_in keys away (also from what an extended body gave)."""
    keys |= set(section.get('base') or [])
    for since, added in (section.get('added_in') or {}).items():
        if _v(since) <= _v(version):
            keys |= set(added)
    for since, removed in (section.get('removed_in') or {}).items():
        if _v(since) <= _v(version):
            keys -= set(removed)
    return keys


def documented_keys(body, version, admin):
    """Nova's key set of `body` (a fixture entry) at `version`."""
    keys = set()
    if body.get('extends'):
        keys = documented_keys(ALL_BODIES[body['extends']], version, admin)
        keys -= set(body.get('exclude') or [])
    keys = _apply(keys, body, version)
    if admin and body.get('admin'):
        keys = _apply(keys, body['admin'], version)
    return keys


def known_gaps(body):
    gaps = dict(body.get('known_gaps') or {})
    if body.get('extends'):
        gaps = dict(known_gaps(ALL_BODIES[body['extends']]), **gaps)
    return gaps


def applies(body, version):
    first, last = body.get('versions') or [None, None]
    return ((first is None or _v(first) <= _v(version)) and
            (last is None or _v(version) <= _v(last)))


_VAR = re.compile(r'\$([A-Za-z_][A-Za-z0-9_]*)')
_TOKEN = re.compile(r'\.(\*|[A-Za-z0-9_:\-@]+)|\[(\*|-?\d+)\]')


def substitute(value, variables):
    if isinstance(value, str):
        whole = _VAR.fullmatch(value)
        if whole and whole.group(1) in variables:
            return variables[whole.group(1)]
        return _VAR.sub(lambda m: str(variables.get(m.group(1),
                                                    m.group(0))), value)
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if isinstance(value, dict):
        return {substitute(k, variables): substitute(v, variables)
                for k, v in value.items()}
    return value


def resolve(document, path):
    """`$.a.b`, `[*]` each list item, `.*` each dict value; always a list
    of the objects found."""
    values = [document]
    for match in _TOKEN.finditer(path[1:]):
        key, index = match.groups()
        out = []
        for value in values:
            if key == '*':
                out.extend(value.values())
            elif key is not None:
                if not isinstance(value, dict) or key not in value:
                    raise AssertionError('%s: no %r in %s' % (
                        path, key, json.dumps(value)[:500]))
                out.append(value[key])
            elif index == '*':
                out.extend(value)
            else:
                out.append(value[int(index)])
        values = out
    return values


def _wait(api, server_id, status, token, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        resp = api.get('/v2.1/servers/%s' % server_id, token=token)
        if status == 'DELETED' and resp.status_code == 404:
            return None
        server = resp.json()['server']
        if server['status'] == status and \
                server.get('OS-EXT-STS:task_state') is None:
            return server
        time.sleep(0.05)
    raise AssertionError('server %s not %s: %s' % (server_id, status,
                                                     resp.text))


def _ok(resp, *codes):
    assert resp.status_code in (codes or (200,)), (
        resp.request.method, resp.request.url, resp.status_code, resp.text)
    return resp.json() if resp.content else None


@pytest.fixture(scope='module')
def world(deployment):
    """Everything the bodies read, created once."""
    api = Client(deployment)
    member, admin = TOKENS['member'], TOKENS['admin']
    image_id = _ok(api.get('/image/v2/images?name=nova-lite-tiny',
                           token=member))['images'][0]['id']
    cleanup = []
    v = {'IMAGE_ID': image_id, 'project_id': PROJECT}

    _ok(api.put('/v2.1/os-quota-sets/rk-create', {'quota_set': {
        'instances': -1, 'cores': -1, 'ram': -1}}, token=ADMIN))

    kp = _ok(api.post('/v2.1/os-keypairs', {'keypair': {'name': 'rk-key'}},
                      token=member))['keypair']
    v.update(keypair_name='rk-key', public_key=kp['public_key'])
    cleanup.append(('/v2.1/os-keypairs/rk-key', member))

    group = _ok(api.post('/v2.1/os-server-groups', {'server_group': {
        'name': 'rk-group', 'policies': ['anti-affinity']}},
        token=member))['server_group']
    v['server_group_id'] = group['id']
    cleanup.append(('/v2.1/os-server-groups/%s' % group['id'], member))

    agg = _ok(api.post('/v2.1/os-aggregates', {'aggregate': {
        'name': 'rk-agg'}}, token=ADMIN))['aggregate']
    v['aggregate_id'] = agg['id']
    cleanup.append(('/v2.1/os-aggregates/%s' % agg['id'], ADMIN))

    huge = _ok(api.post('/v2.1/flavors', {'flavor': {
        'name': 'rk-huge', 'ram': 512, 'vcpus': 1, 'disk': 10 ** 6}},
        token=ADMIN))['flavor']
    cleanup.append(('/v2.1/flavors/%s' % huge['id'], ADMIN))

    server = _ok(api.post('/v2.1/servers', {'server': {
        'name': 'rk-active', 'imageRef': image_id, 'flavorRef': '1',
        'key_name': 'rk-key', 'metadata': {'k': 'v'}}}, token=member),
        202)['server']
    v['server_id'] = server['id']
    error = _ok(api.post('/v2.1/servers', {'server': {
        'name': 'rk-error', 'imageRef': image_id,
        'flavorRef': huge['id']}}, token=member), 202)['server']
    v['error_server_id'] = error['id']
    _wait(api, server['id'], 'ACTIVE', member)
    _wait(api, error['id'], 'ERROR', member)

    # A finished resize: a migration record and more instance actions.
    _ok(api.post('/v2.1/servers/%s/action' % server['id'],
                 {'resize': {'flavorRef': '2'}}, token=member), 202)
    _wait(api, server['id'], 'VERIFY_RESIZE', member)
    _ok(api.post('/v2.1/servers/%s/action' % server['id'],
                 {'confirmResize': None}, token=member), 204)
    _wait(api, server['id'], 'ACTIVE', member)

    actions = _ok(api.get('/v2.1/servers/%s/os-instance-actions' %
                          server['id'], token=member))['instanceActions']
    v['create_request_id'] = next(a['request_id'] for a in actions
                                  if a['action'] == 'create')

    # hypervisor_id: the node of the fixture server; other_: the other one.
    node = _ok(api.get('/v2.1/servers/%s' % server['id'], token=admin))[
        'server']['OS-EXT-SRV-ATTR:hypervisor_hostname']
    for version, suffix in (('2.1', 'int'), ('2.53', 'uuid')):
        nodes = _ok(api.get('/v2.1/os-hypervisors', token=ADMIN,
                            version=version))['hypervisors']
        v['hypervisor_id_' + suffix] = next(
            n['id'] for n in nodes if n['hypervisor_hostname'] == node)
        v['other_hypervisor_id_' + suffix] = next(
            n['id'] for n in nodes if n['hypervisor_hostname'] != node)

    # Every other server of this module goes to that node too (forced by
    # an admin), so that the other one stays without servers.
    v['server_host'] = _ok(api.get('/v2.1/servers/%s' % server['id'],
                                   token=admin))['server'][
        'OS-EXT-SRV-ATTR:host']
    rebuild_ids = []
    for name in ('rk-rebuild', 'rk-rebuild-admin'):
        rebuild_ids.append(_ok(api.post('/v2.1/servers', {'server': {
            'name': name, 'imageRef': image_id, 'flavorRef': '1',
            'availability_zone': 'nova:%s' % v['server_host']}},
            token=TOKENS['creator']), 202)['server']['id'])
    v['rebuild_server_id'], v['admin_rebuild_server_id'] = rebuild_ids

    yield api, v

    created = []
    for sid in (server['id'], error['id']):
        api.delete('/v2.1/servers/%s' % sid, token=member)
        created.append((sid, member))
    for sid in rebuild_ids:
        api.delete('/v2.1/servers/%s' % sid, token=ADMIN)
        created.append((sid, ADMIN))
    for sid, token in v.get('_created_servers', []):
        created.append((sid, token))
    for sid, token in created:
        _wait(api, sid, 'DELETED', token)
    for path, token in reversed(cleanup):
        api.delete(path, token=token)
    api.delete('/v2.1/os-quota-sets/rk-create', token=ADMIN)


def _variables(base, version):
    v = dict(base)
    v['VTAG'] = version.replace('.', '_')
    suffix = '_uuid' if _v(version) >= (2, 53) else '_int'
    for name in ('hypervisor_id', 'other_hypervisor_id'):
        v[name] = v[name + suffix]
    return v


def check_body(api, world_vars, name, body, version, role):
    """Problems (strings) with `body` at `version` as `role`."""
    v = _variables(world_vars, version)
    token = TOKENS[role]
    method = next(m for m in ('GET', 'POST', 'PUT') if m in body)
    url = substitute(body[method], v)
    data = substitute(body.get('data'), v)
    if body.get('wait_active'):
        _wait(api, substitute(body['wait_active'], v), 'ACTIVE', ADMIN)
    resp = api.request(method, url, data, version=version, token=token)
    where = '%s as %s at %s (%s %s)' % (name, role, version, method, url)
    if resp.status_code >= 300:
        return ['%s: status %s: %s' % (where, resp.status_code,
                                       resp.text[:300])]
    doc = resp.json()
    if body.get('cleanup'):
        cmethod, cpath = body['cleanup'].split(' ', 1)
        cpath = re.sub(r'\{(\$[^}]*)\}',
                       lambda m: str(resolve(doc, m.group(1))[0]),
                       substitute(cpath, v))
        api.request(cmethod, cpath, version=version, token=token)
        if cpath.startswith('/v2.1/servers/'):
            world_vars.setdefault('_created_servers', []).append(
                (cpath.rsplit('/', 1)[1], token))
    objects = resolve(doc, body['path'])
    if not objects:
        return ['%s: nothing at %s' % (where, body['path'])]
    expected = documented_keys(body, version, role == 'admin')
    gaps = known_gaps(body)
    expected -= set(gaps)
    problems = []
    for obj in objects:
        actual = set(obj)
        missing, unexpected = expected - actual, actual - expected
        if missing or unexpected:
            notes = ['missing %s' % sorted(missing)] if missing else []
            if unexpected:
                notes.append('unexpected %s' % sorted(unexpected))
            fixed_gaps = unexpected & set(gaps)
            if fixed_gaps:
                notes.append('(known gaps now present: drop %s from '
                             'known_gaps)' % sorted(fixed_gaps))
            problems.append('%s at %s: %s' % (where, body['path'],
                                              '; '.join(notes)))
            break
    return problems


# Every resource at 2.1, then at 2.2 ...: what one version's POSTs start
# (rebuilds, deletes) settles while the other resources are read.
@pytest.mark.parametrize('resource', sorted(SPECS))
@pytest.mark.parametrize('version', VERSIONS)
def test_response_keys(world, resource, version):
    api, variables = world
    problems = []
    for name, body in SPECS[resource].items():
        if not applies(body, version):
            continue
        for role in body.get('as') or ['member']:
            problems.extend(check_body(api, variables, name, body, version,
                                       role))
    assert not problems, '\n'.join(problems)


def test_fixture_versions_are_in_range():
    """Every version named in a fixture is one this test runs."""
    for name, body in ALL_BODIES.items():
        sections = [body, body.get('admin') or {}]
        for section in sections:
            for field in ('added_in', 'removed_in'):
                for since in (section.get(field) or {}):
                    assert str(since) in VERSIONS, (name, field, since)
        if body.get('extends'):
            assert body['extends'] in ALL_BODIES, name
