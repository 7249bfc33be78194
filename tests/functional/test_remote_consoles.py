"""Remote consoles through the REST API (fake driver), console auth
tokens, and nova-lite-novncproxy's WebSocket relay to a VNC server."""
import base64
import os
import socket
import threading
import time
import urllib.parse

import pytest

from tests.functional import test_server_lifecycle as lifecycle

RC_BODY = {'remote_console': {'protocol': 'vnc', 'type': 'novnc'}}


@pytest.fixture(scope='module')
def server(deployment):
    from tests.functional.conftest import Client
    api = Client(deployment)
    image = api.get('/image/v2/images?name=nova-lite-tiny').json()[
        'images'][0]['id']
    sid = lifecycle._boot(api, image, name='consoles')['id']
    api.wait_for_server(sid, 'ACTIVE')
    yield sid
    api.delete('/v2.1/servers/%s' % sid)


def _token(url):
    return urllib.parse.unquote(url.split('%3Ftoken%3D', 1)[1])


def test_remote_console_url_and_token(api, server):
    resp = api.post('/v2.1/servers/%s/remote-consoles' % server, RC_BODY,
                    version='2.6')
    assert resp.status_code == 200, resp.text
    console = resp.json()['remote_console']
    assert console['protocol'] == 'vnc' and console['type'] == 'novnc'
    assert console['url'].startswith(
        'http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D')
    token = _token(console['url'])

    resp = api.get('/v2.1/os-console-auth-tokens/%s' % token,
                   version='2.31')
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'console': {
        'instance_uuid': server, 'host': 'fakevncconsole.com',
        'port': 6969, 'internal_access_path': 'FAKE'}}
    # Before 2.31 only RDP tokens could be shown, and no driver has those
    # now: a bare 400 for any token, unknown ones too.
    for shown in (token, 'nope'):
        resp = api.get('/v2.1/os-console-auth-tokens/%s' % shown,
                       version='2.1')
        assert resp.status_code == 400
        assert resp.json()['badRequest']['message'] == (
            'The server could not comply with the request since it is '
            'either malformed or otherwise incorrect.')
    resp = api.get('/v2.1/os-console-auth-tokens/%s' % token,
                   version='2.99')
    assert resp.json()['console']['tls_port'] is None


def test_unknown_and_expired_tokens_are_404(api, server):
    resp = api.get('/v2.1/os-console-auth-tokens/nope', version='2.31')
    assert resp.status_code == 404
    assert resp.json() == {'itemNotFound': {'code': 404,
                                            'message': 'Token not found'}}
    from nova_lite import conf
    conf.CONF.set_override('token_ttl', 0, group='consoleauth')
    try:
        resp = api.post('/v2.1/servers/%s/remote-consoles' % server,
                        RC_BODY, version='2.6')
    finally:
        conf.CONF.clear_override('token_ttl', group='consoleauth')
    token = _token(resp.json()['remote_console']['url'])
    resp = api.get('/v2.1/os-console-auth-tokens/%s' % token,
                   version='2.31')
    assert resp.status_code == 404


def test_remote_console_errors(api, server):
    path = '/v2.1/servers/%s/remote-consoles' % server
    # Not before 2.6.
    assert api.post(path, RC_BODY, version='2.5').status_code == 404
    for body in ({'remote_console': {'protocol': 'spice',
                                     'type': 'spice-html5'}},
                 {'remote_console': {'protocol': 'vnc', 'type': 'serial'}},
                 {'remote_console': {'protocol': 'vnc'}},
                 {'remote_console': {'protocol': 'mks', 'type': 'webmks'}},
                 {'bogus': {}}):
        resp = api.post(path, body, version='2.6')
        assert resp.status_code == 400, (body, resp.text)
        assert 'badRequest' in resp.json()
    resp = api.post('/v2.1/servers/%s/remote-consoles' %
                    '5f3c0a6e-0000-4000-8000-000000000000', RC_BODY,
                    version='2.6')
    assert resp.status_code == 404
    # Non-admins may not read tokens.
    resp = api.get('/v2.1/os-console-auth-tokens/x', version='2.31',
                   token='demo:demo')
    assert resp.status_code == 403


def test_legacy_get_vnc_console_action(api, server):
    action = '/v2.1/servers/%s/action' % server
    resp = api.post(action, {'os-getVNCConsole': {'type': 'novnc'}},
                    version='2.5')
    assert resp.status_code == 200, resp.text
    assert resp.json()['console']['type'] == 'novnc'
    assert 'token%3D' in resp.json()['console']['url']
    resp = api.post(action, {'os-getVNCConsole': {'type': 'novnc'}},
                    version='2.6')
    assert resp.status_code == 404
    resp = api.post(action, {'os-getVNCConsole': {'type': 'spice'}},
                    version='2.1')
    assert resp.status_code == 400


def test_stopped_server_console_is_409(api, image_id):
    sid = lifecycle._boot(api, image_id, name='console-stopped')['id']
    api.wait_for_server(sid, 'ACTIVE')
    api.post('/v2.1/servers/%s/action' % sid, {'os-stop': None})
    api.wait_for_server(sid, 'SHUTOFF')
    resp = api.post('/v2.1/servers/%s/remote-consoles' % sid, RC_BODY,
                    version='2.6')
    assert resp.status_code == 409
    assert 'conflictingRequest' in resp.json()
    api.delete('/v2.1/servers/%s' % sid)
    api.wait_for_server(sid, 'DELETED')


# -- the proxy ---------------------------------------------------------------

class FakeVNCServer(object):
    """Sends the RFB banner, then echoes."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.sendall(b'RFB 003.008\n')
            threading.Thread(target=self._echo, args=(conn,),
                             daemon=True).start()

    @staticmethod
    def _echo(conn):
        with conn:
            while True:
                data = conn.recv(4096)
                if not data:
                    return
                conn.sendall(data)


def _handshake(port, path):
    sock = socket.create_connection(('127.0.0.1', port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(('GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n'
                  'Upgrade: websocket\r\nConnection: Upgrade\r\n'
                  'Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n'
                  'Sec-WebSocket-Protocol: binary\r\n\r\n' %
                  (path, port, key)).encode())
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b'\r\n\r\n')
    return sock, head.split(b'\r\n')[0].decode(), rest


def _frame(sock, buf):
    while len(buf) < 2:
        buf += sock.recv(4096)
    length = buf[1] & 0x7f
    assert length < 126
    while len(buf) < 2 + length:
        buf += sock.recv(4096)
    return buf[0] & 0x0f, buf[2:2 + length], buf[2 + length:]


def _masked(payload):
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x82, 0x80 | len(payload)]) + mask + body


def test_novncproxy_relays_to_the_vnc_server(deployment, server):
    from nova_lite.console import websocketproxy
    from nova_lite import context
    from nova_lite import objects
    vnc = FakeVNCServer()
    auth = objects.ConsoleAuthToken(
        context.get_admin_context(), console_type='novnc',
        host='127.0.0.1', port=vnc.port, instance_uuid=server,
        access_url_base='http://127.0.0.1:6080/vnc_auto.html')
    token = auth.authorize(60)
    proxy = websocketproxy.make_server('127.0.0.1', 0)
    port = proxy.server_address[1]
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        t0 = time.monotonic()
        sock, status, rest = _handshake(port, '/?token=%s' % token)
        assert ' 101 ' in status, status
        opcode, payload, rest = _frame(sock, rest)
        assert (opcode, payload) == (2, b'RFB 003.008\n')
        sock.sendall(_masked(b'RFB 003.008\n'))
        opcode, payload, rest = _frame(sock, rest)
        assert payload == b'RFB 003.008\n'
        sock.close()
        assert time.monotonic() - t0 < 5

        sock, status, rest = _handshake(port, '/?token=wrong')
        assert ' 101 ' in status
        opcode, payload, rest = _frame(sock, rest)
        assert opcode == 8 and payload[:2] == (1008).to_bytes(2, 'big')
        sock.close()
    finally:
        proxy.shutdown()
        proxy.server_close()
        vnc.sock.close()
