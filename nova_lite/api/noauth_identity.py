"""The identity endpoint nova-lite-api answers under /identity with
``[api] auth_strategy = noauth2`` (testing and all-in-one; never with
Keystone).

python-openstackclient and openstacksdk build an identity client even with
``auth_type: none``: some compute commands only discover a v3 endpoint
(`server list`), others look a project up by name or id before calling
Nova (`quota show <project>`, `flavor set --project`, `usage show
--project`). With noauth2 the caller names its project in the token
(``user:project``), so every project exists: a lookup answers with a
project whose id and name are the string asked for. Anything else is 403,
as from a Keystone that does not let this caller read it, which clients
treat as "take the name or id as given".
"""

import webob

from nova_lite.api import faults
from nova_lite.api import json_body

_V3 = {
    'id': 'v3.14', 'status': 'stable', 'updated': '2020-04-07T00:00:00Z',
    'media-types': [{'base': 'application/json',
                     'type': 'application/vnd.openstack.identity-v3+json'}],
}


def _json(environ, start_response, body, status=200):
    return json_body.response(body, status=status, fault=status >= 400)(
        environ, start_response)


def _project(base, project_id):
    return {'id': project_id, 'name': project_id, 'domain_id': 'default',
            'parent_id': 'default', 'enabled': True, 'is_domain': False,
            'description': '', 'tags': [], 'options': {},
            'links': {'self': base + '/v3/projects/' + project_id}}


def application(environ, start_response, base_url, rest):
    """Answer GET <base_url>/identity<rest>."""
    base = base_url + '/identity'
    if rest in ('', '/'):
        version = dict(_V3, links=[{'rel': 'self', 'href': base + '/v3/'}])
        return _json(environ, start_response,
                     {'versions': {'values': [version]}}, status=300)
    if rest in ('/v3', '/v3/'):
        version = dict(_V3, links=[{'rel': 'self', 'href': base + '/v3/'}])
        return _json(environ, start_response, {'version': version})
    if environ.get('REQUEST_METHOD', 'GET') == 'GET':
        segments = rest.strip('/').split('/')
        if segments[:2] == ['v3', 'projects'] and len(segments) == 3 and \
                segments[2]:
            return _json(environ, start_response,
                         {'project': _project(base, segments[2])})
        if segments == ['v3', 'projects']:
            name = webob.Request(environ).GET.get('name')
            if name:
                return _json(environ, start_response, {
                    'projects': [_project(base, name)],
                    'links': {'self': base + '/v3/projects', 'next': None,
                              'previous': None}})
    return faults.error_response(
        403, 'No identity API is served with noauth2.')(environ,
                                                        start_response)
