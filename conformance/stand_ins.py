"""The smallest Glance, Neutron and Keystone the real Nova needs to boot a
server with ``networks: none`` (see shared recipe real-nova.md): one
active image, empty network lists, any project known. A thread in the
harness process; nothing here is compared.
"""
import http.server
import json
import re
import threading

IMAGE_ID = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
IMAGE = {
    'id': IMAGE_ID, 'name': 'conformance-image', 'status': 'active',
    'visibility': 'public', 'protected': False, 'owner': 'admin',
    'min_ram': 0, 'min_disk': 0, 'size': 1048576, 'virtual_size': None,
    'disk_format': 'qcow2', 'container_format': 'bare',
    'created_at': '2026-01-01T00:00:00Z', 'updated_at': '2026-01-01T00:00:00Z',
    'checksum': 'd41d8cd98f00b204e9800998ecf8427e', 'os_hash_algo': 'sha512',
    'os_hash_value': None, 'tags': [], 'file': '/v2/images/%s/file' % IMAGE_ID,
    'self': '/v2/images/%s' % IMAGE_ID, 'schema': '/v2/schemas/image',
}
_ANY = {'type': ['null', 'string', 'integer', 'number', 'boolean', 'array',
                 'object']}
_IMAGE_SCHEMA = {'name': 'image', 'type': 'object',
                 'properties': {key: _ANY for key in IMAGE},
                 'additionalProperties': {'type': 'string'}, 'links': []}
_SCHEMAS = {
    'image': _IMAGE_SCHEMA,
    'images': {'name': 'images', 'type': 'object', 'links': [],
               'properties': {'images': {'type': 'array',
                                         'items': _IMAGE_SCHEMA},
                              'first': _ANY, 'next': _ANY, 'schema': _ANY}},
}
_EMPTY_LISTS = ('networks', 'ports', 'subnets', 'floatingips',
                'security-groups', 'extensions', 'security-group-rules')


def _answer(method, path, base_url):
    """(status, body) for one request."""
    path = path.split('?', 1)[0].rstrip('/')
    match = re.match(r'^(?:/image)?/v2/images/([^/]+)$', path)
    if match:
        if match.group(1) == IMAGE_ID:
            return 200, IMAGE
        return 404, {'error': {'code': 404, 'message': 'image not found'}}
    if re.match(r'^(?:/image)?/v2/schemas/images?$', path):
        # Permissive: glanceclient builds its image model from it.
        return 200, _SCHEMAS[path.rsplit('/', 1)[1]]
    if re.match(r'^(?:/image)?/v2/images$', path):
        return 200, {'images': [IMAGE], 'first': '/v2/images',
                     'schema': '/v2/schemas/images'}
    match = re.match(r'^(?:/network)?/v2\.0/([a-z-]+)$', path)
    if match and match.group(1) in _EMPTY_LISTS:
        return 200, {match.group(1).replace('-', '_'): []}
    match = re.match(r'^(?:/network)?/v2\.0/quotas/([^/]+)$', path)
    if match:
        return 200, {'quota': {'port': -1, 'network': -1, 'subnet': -1,
                               'floatingip': -1, 'security_group': -1,
                               'security_group_rule': -1}}
    if re.match(r'^(?:/identity)?/v3$', path):
        return 200, {'version': {
            'id': 'v3.14', 'status': 'stable',
            'updated': '2020-04-07T00:00:00Z',
            'links': [{'rel': 'self', 'href': base_url + '/v3/'}],
            'media-types': [{'base': 'application/json',
                             'type': 'application/vnd.openstack.identity-v3+json'}]}}
    match = re.match(r'^(?:/identity)?/v3/projects/([^/]+)$', path)
    if match:
        return 200, {'project': {'id': match.group(1),
                                 'name': match.group(1), 'enabled': True,
                                 'domain_id': 'default'}}
    if method == 'DELETE':
        return 204, None
    return 404, {'NeutronError': {
        'type': 'NotFound', 'detail': '',
        'message': 'the stand-in does not serve %s' % path}}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def _reply(self):
        length = int(self.headers.get('Content-Length') or 0)
        if length:
            self.rfile.read(length)
        status, body = _answer(self.command, self.path, self.server.url)
        data = b'' if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _reply

    def log_message(self, *args):
        pass


class StandIns(object):
    """Serve on 127.0.0.1:<free port> until stop()."""

    def __init__(self):
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      _Handler)
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self.server.url = self.url
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
