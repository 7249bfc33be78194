"""The threaded HTTP server and the auth strategies."""
import http.client
import json
import socket
import threading

import requests

import webob

from nova_lite.api import http_server
from nova_lite.api import wsgi


def test_server_keep_alive_and_shutdown(conf, compute):
    server = wsgi.make_server(conf, host='127.0.0.1', port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=5)
        conn.request('GET', '/v2.1/servers',
                     headers={'X-Auth-Token': 'admin:admin'})
        resp = conn.getresponse()
        assert resp.status == 200
        assert json.loads(resp.read()) == {'servers': []}
        assert resp.getheader('x-openstack-request-id').startswith('req-')
        # Same connection, a request with a body.
        conn.request('POST', '/v2.1/servers', body=b'{"server": {}}',
                     headers={'X-Auth-Token': 'admin:admin',
                              'Content-Type': 'application/json'})
        resp = conn.getresponse()
        assert resp.status == 400
        assert 'badRequest' in json.loads(resp.read())
        conn.request('GET', '/')
        resp = conn.getresponse()
        assert resp.status == 200
        resp.read()
        conn.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_server_refuses_oversized_requests_and_says_it_closes(conf, compute):
    """A request line or headers past [wsgi] max_header_line answer
    414/413 with ``Connection: close``, so a keep-alive client opens a
    new connection for its next request instead of writing into the
    closed one."""
    server = wsgi.make_server(conf, host='127.0.0.1', port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        session = requests.Session()
        base = 'http://%s:%d' % tuple(server.server_address[:2])
        long_query = session.get(base + '/v2.1/servers?name=' + 'x' * 65536)
        assert (long_query.status_code,
                long_query.headers['Connection']) == (414, 'close')
        long_header = session.get(base + '/', headers={'X-Long': 'x' * 65536})
        assert (long_header.status_code,
                long_header.headers['Connection']) == (413, 'close')
        assert session.get(base + '/').status_code == 200
        with socket.create_connection(server.server_address[:2], 5) as raw:
            raw.sendall(b'NOT-HTTP\r\n\r\n')
            answer = raw.makefile('rb').read()
        assert answer.startswith(b'HTTP/1.1 400 Bad Request\r\n')
        assert b'\r\nConnection: close\r\n' in answer
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_workers_sockets_send_without_waiting_for_acks():
    """A worker serves on a socket its parent bound: that socket, and so
    every connection it accepts, has Nagle off; otherwise each keep-alive
    response's body waits for the client's delayed ACK."""
    parents = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    parents.bind(('127.0.0.1', 0))
    parents.listen(8)
    server = http_server.HTTPServer(lambda env, start: [], sock=parents)
    try:
        assert parents.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        shared = http_server.listening_socket('127.0.0.1', 0)
        assert shared.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        shared.close()
    finally:
        server.server_close()


def test_noauth_identities(app, compute):
    seen = []

    def get_all(context, *args, **kwargs):
        seen.append((context.user_id, context.project_id,
                     sorted(context.roles), context.is_admin))
        return []
    compute.get_all = get_all
    for token in ('demo:proj', None, 'justone'):
        headers = {'X-Auth-Token': token} if token else {}
        webob.Request.blank('/v2.1/servers', headers=headers
                            ).get_response(app)
    assert seen[0] == ('demo', 'proj', ['member', 'reader'], False)
    assert seen[1] == ('admin', 'admin', ['admin', 'member', 'reader'],
                       True)
    assert seen[2][0] == 'admin'


def test_keystone_strategy_requires_token(conf, compute):
    from keystonemiddleware.auth_token import _opts
    conf.set_override('auth_strategy', 'keystone', group='api')
    conf.register_opts(_opts._OPTS, group='keystone_authtoken')
    conf.set_override('www_authenticate_uri', 'http://keystone.test/v3',
                      group='keystone_authtoken')
    app = wsgi.build_app(conf)
    resp = webob.Request.blank('/v2.1/servers').get_response(app)
    assert resp.status_int == 401
    assert resp.headers['x-openstack-request-id'].startswith('req-')
    # Version documents need no token.
    assert webob.Request.blank('/v2.1/').get_response(app).status_int == 200
    assert webob.Request.blank('/').get_response(app).status_int == 200


def test_keystone_context_from_headers(conf, compute):
    from nova_lite.api.middleware import auth
    seen = {}

    def inner(environ, start_response):
        seen['ctx'] = environ['nova.context']
        return webob.Response()(environ, start_response)
    app = auth.KeystoneContext(inner)
    webob.Request.blank('/', headers={
        'X-User-Id': 'u1', 'X-Project-Id': 'p1', 'X-Roles': 'member,reader',
        'X-User-Domain-Id': 'default', 'X-Project-Name': 'demo',
        'X-Service-Catalog': '[{"type": "image"}]'}).get_response(app)
    ctx = seen['ctx']
    assert (ctx.user_id, ctx.project_id) == ('u1', 'p1')
    assert ctx.roles == ['member', 'reader'] and not ctx.is_admin
    assert ctx.project_name == 'demo'
    assert ctx.service_catalog == [{'type': 'image'}]
    resp = webob.Request.blank('/').get_response(app)
    assert resp.status_int == 401
