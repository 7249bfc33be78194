"""The scenario: YAML steps (conformance/scenario/*.yaml, run in file
name order) sent to both sides, each with its own variables.

A step:

    - name: create a server                    # unique; the MATCH/DIFF key
      POST: /v2.1/servers                      # METHOD: url, $vars allowed
      version: "2.1"                           # OpenStack-API-Version
      token: "alice:project-a"                 # caller (default admin)
      data: {server: {name: vm, imageRef: $IMAGE_ID, flavorRef: cf-small}}
      save: {server_id: $.server.id}           # per-side variables
      poll: {path: $.server.status, value: ACTIVE}   # repeat until (both)
      compare: false                           # setup only, not compared
      headers: {X-Header: value}               # extra request headers
      raw: 'not json'                          # a raw request body

`poll` repeats the call on each side until the value is reached (or 60 s
pass), then compares the last answers.
"""
import json
import os
import time

import yaml

from conformance import compare
from tests.functional import api_cases

SCENARIO_DIR = os.path.join(os.path.dirname(__file__), 'scenario')
METHODS = ('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD')


def load():
    steps = []
    for name in sorted(os.listdir(SCENARIO_DIR)):
        if name.endswith('.yaml'):
            with open(os.path.join(SCENARIO_DIR, name)) as f:
                document = yaml.safe_load(f)
            defaults = document.get('defaults') or {}
            for step in document['steps']:
                step = dict(defaults, **step)
                step['name'] = '%s: %s' % (name[:-len('.yaml')],
                                           step['name'])
                steps.append(step)
    names = [s['name'] for s in steps]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, 'step names must be unique: %s' % duplicates
    return steps


substitute = api_cases._substitute
resolve = api_cases.resolve


class Side(object):
    """One API under test: its endpoint, HTTP session and variables."""

    def __init__(self, name, endpoint, session, variables):
        self.name = name
        self.endpoint = endpoint
        self.session = session
        self.variables = dict(variables)

    def send(self, step):
        step = substitute(step, self.variables)
        method = next(m for m in METHODS if m in step)
        headers = {'X-Auth-Token': step.get('token') or 'admin:admin'}
        if step.get('version'):
            headers['OpenStack-API-Version'] = 'compute %s' % step['version']
        headers.update(step.get('headers') or {})
        data = None
        if 'raw' in step:
            data = step['raw']
        elif 'data' in step:
            data = json.dumps(step['data'])
            headers.setdefault('Content-Type', 'application/json')
        poll = step.get('poll')
        deadline = time.time() + 60
        while True:
            resp = self.session.request(method, self.endpoint + step[method],
                                        headers=headers, data=data,
                                        timeout=120)
            body = None
            if resp.content:
                try:
                    body = resp.json()
                except ValueError:
                    body = resp.text
            if not poll or time.time() > deadline:
                break
            try:
                if resolve(body, poll['path']) == poll['value']:
                    break
            except (KeyError, IndexError, TypeError):
                pass
            time.sleep(0.3)
        for name, path in (step.get('save') or {}).items():
            try:
                self.variables[name] = resolve(body, path)
            except (KeyError, IndexError, TypeError):
                self.variables[name] = None
        return compare.Response(resp.status_code, resp.headers, body,
                                sorted(self.variables.items()))
