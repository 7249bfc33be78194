"""Declarative API tests: YAML files of request/response cases that read
like the api-ref (in the spirit of Placement's gabbi files).

A file:

    defaults:                    # applied to every case
      version: "2.1"             # OpenStack-API-Version: compute 2.1
      token: "alice:project-a"   # noauth2 identity (X-Auth-Token)
    tests:
    - name: create a server
      POST: /v2.1/servers
      data: {server: {name: vm, imageRef: $IMAGE_ID, flavorRef: "1"}}
      status: 202
      save: {server_id: $.server.id}        # variables for later cases
    - name: wait until it is active
      GET: /v2.1/servers/$server_id
      poll: {path: $.server.status, value: ACTIVE}
    - name: show it
      GET: /v2.1/servers/$server_id
      response_json_paths: {$.server.name: vm, $.server.status: ACTIVE}
      response_keys: {$.server: [id, name, status, ...]}   # exact key set
      response_contains: {$.server: [id, name]}            # subset
      response_headers: {x-openstack-request-id: /^req-/}

Paths: `$.a.b[0].c`, `$.a[*].b` (a list), `$.a.length` (len). Values
written `/regex/` match by regular expression; `$name` substitutes a saved
variable (also inside strings). Every response must have a request id (the
version list at / must not) and must never be a 500.
"""
import json
import os
import re
import time

import yaml

CASES_DIR = os.path.join(os.path.dirname(__file__), 'api_cases')
METHODS = ('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD')
_VAR = re.compile(r'\$([A-Za-z_][A-Za-z0-9_]*)')


def case_files():
    return sorted(f for f in os.listdir(CASES_DIR) if f.endswith('.yaml'))


def load(filename):
    with open(os.path.join(CASES_DIR, filename)) as f:
        return yaml.safe_load(f)


def _substitute(value, variables):
    if isinstance(value, str):
        whole = _VAR.fullmatch(value)
        if whole and whole.group(1) in variables:
            return variables[whole.group(1)]
        return _VAR.sub(lambda m: str(variables.get(m.group(1), m.group(0))),
                        value)
    if isinstance(value, list):
        return [_substitute(v, variables) for v in value]
    if isinstance(value, dict):
        return {_substitute(k, variables): _substitute(v, variables)
                for k, v in value.items()}
    return value


_TOKEN = re.compile(r'\.([A-Za-z0-9_:\-@]+)|\[(\*|-?\d+)\]')


def resolve(document, path):
    """Follow a `$.a.b[0]` path; `[*]` maps over a list; `.length` is len."""
    if not path.startswith('$'):
        raise ValueError('path must start with $: %s' % path)
    values, many = [document], False
    for match in _TOKEN.finditer(path[1:]):
        key, index = match.groups()
        out = []
        for value in values:
            if key == 'length' and isinstance(value, (list, dict, str)) and \
                    not (isinstance(value, dict) and 'length' in value):
                out.append(len(value))
            elif key is not None:
                if not isinstance(value, dict) or key not in value:
                    raise KeyError('%s: no %r in %s' % (
                        path, key, json.dumps(value)[:300]))
                out.append(value[key])
            elif index == '*':
                many = True
                out.extend(value)
            else:
                out.append(value[int(index)])
        values = out
    return values if many else values[0]


def _matches(expected, actual):
    if isinstance(expected, str) and len(expected) > 1 and \
            expected.startswith('/') and expected.endswith('/'):
        return re.search(expected[1:-1], str(actual)) is not None
    return expected == actual


class CaseError(AssertionError):
    pass


def run_case(client, case, defaults, variables):
    case = _substitute(dict(defaults, **case), variables)
    method = next(m for m in METHODS if m in case)
    url = case[method]
    headers = dict(case.get('request_headers') or {})
    version = case.get('version')
    if version and 'OpenStack-API-Version' not in headers:
        headers['OpenStack-API-Version'] = 'compute %s' % version
    if case.get('token'):
        headers['X-Auth-Token'] = case['token']
    poll = case.get('poll')
    deadline = time.time() + (poll or {}).get('timeout', 20)
    while True:
        resp = client.session.request(
            method, client.endpoint + url, headers=headers,
            data=None if 'data' not in case else json.dumps(case['data']),
            timeout=30)
        if resp.headers.get('Content-Type', '').startswith('application/json') \
                and resp.content:
            body = resp.json()
        else:
            body = resp.text
        if not poll:
            break
        try:
            if _matches(poll['value'], resolve(body, poll['path'])):
                break
        except (KeyError, IndexError, TypeError):
            pass
        if time.time() > deadline:
            raise CaseError('%s: %s never became %r: %s' % (
                case['name'], poll['path'], poll['value'], body))
        time.sleep(poll.get('interval', 0.05))

    where = '%s (%s %s)' % (case['name'], method, url)
    if resp.status_code >= 500:
        raise CaseError('%s: server error %s %s' % (where, resp.status_code,
                                                     body))
    if url.split('?')[0].rstrip('/') == '':
        # The version list: Nova and Neutron serve it without their
        # request id filter.
        if 'x-openstack-request-id' in resp.headers:
            raise CaseError('%s: a request id on the version list' % where)
    elif not resp.headers.get('x-openstack-request-id',
                              '').startswith('req-'):
        raise CaseError('%s: no request id' % where)
    status = case.get('status', 200)
    allowed = status if isinstance(status, list) else [status]
    if resp.status_code not in allowed:
        raise CaseError('%s: status %s, expected %s: %s' % (
            where, resp.status_code, status, body))
    for name, expected in (case.get('response_headers') or {}).items():
        actual = resp.headers.get(name)
        if not _matches(expected, actual):
            raise CaseError('%s: header %s is %r, expected %r' % (
                where, name, actual, expected))
    for path, expected in (case.get('response_json_paths') or {}).items():
        actual = resolve(body, path)
        if not _matches(expected, actual):
            raise CaseError('%s: %s is %r, expected %r' % (
                where, path, actual, expected))
    for path, keys in (case.get('response_keys') or {}).items():
        found = resolve(body, path)
        objs = found if isinstance(found, list) else [found]
        for obj in objs:
            if set(obj) != set(keys):
                raise CaseError('%s: keys of %s differ: missing %s, '
                                'unexpected %s' % (
                                    where, path, sorted(set(keys) - set(obj)),
                                    sorted(set(obj) - set(keys))))
    for path, keys in (case.get('response_contains') or {}).items():
        found = resolve(body, path)
        objs = found if isinstance(found, list) else [found]
        for obj in objs:
            missing = set(keys) - set(obj)
            if missing:
                raise CaseError('%s: %s lacks %s' % (where, path,
                                                     sorted(missing)))
    for name, path in (case.get('save') or {}).items():
        variables[name] = resolve(body, path)
    return resp
