"""The noVNC WebSocket proxy behind nova-lite-novncproxy.

A browser (noVNC) opens ws://<proxy>/?token=<token>. The token is checked
through the conductor (objects.ConsoleAuthToken.validate: no database
here), then the proxy connects to the compute host's VNC server
(host:port recorded with the token) and relays bytes both ways; the RFB
handshake is between noVNC and QEMU. Built on websockify's threaded
library server: one thread per connection.
"""
import http.cookies
import socket
import urllib.parse

from oslo_log import log as logging
from websockify import websocketproxy

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10


def token_from_request(path, cookie_header=None):
    """The token of ?token=... in the request path, else of a "token"
    cookie (noVNC clients that put it there); '' when absent."""
    query = urllib.parse.urlparse(path).query
    token = urllib.parse.parse_qs(query).get('token', [''])[0]
    if token or not cookie_header:
        return token
    cookies = http.cookies.SimpleCookie()
    try:
        cookies.load(cookie_header)
    except http.cookies.CookieError:
        return ''
    morsel = cookies.get('token')
    return morsel.value if morsel is not None else ''


def _hostname(url_or_host):
    if '//' not in url_or_host:
        url_or_host = '//' + url_or_host
    return urllib.parse.urlsplit(url_or_host).hostname


def origin_allowed(origin, host_header):
    """A browser's Origin must name this proxy (the Host it connected to,
    or the host of [vnc] novncproxy_base_url): no cross-site consoles."""
    if not origin:
        return True  # not a browser
    origin_host = _hostname(origin)
    allowed = {_hostname(CONF.vnc.novncproxy_base_url)}
    if host_header:
        allowed.add(_hostname(host_header))
    return origin_host in allowed


class NovaLiteProxyRequestHandler(websocketproxy.ProxyRequestHandler):

    def new_websocket_client(self):
        token = token_from_request(self.path, self.headers.get('cookie'))
        context = nl_context.get_admin_context()
        try:
            connect_info = objects.ConsoleAuthToken.validate(context, token)
        except exception.InvalidToken:
            LOG.info('Console connection from %s refused: invalid or '
                     'expired token', self.client_address[0])
            raise self.CClose(1008, 'Invalid token')
        if not origin_allowed(self.headers.get('origin'),
                              self.headers.get('host')):
            LOG.info('Console connection from %s refused: origin %s',
                     self.client_address[0], self.headers.get('origin'))
            raise self.CClose(1008, 'Origin header does not match this host')
        host, port = connect_info.host, connect_info.port
        LOG.info('Console of instance %s: %s connected, proxying to %s:%s',
                 connect_info.instance_uuid, self.client_address[0], host,
                 port)
        try:
            target = socket.create_connection((host, port),
                                              timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            LOG.warning('Cannot reach the console of %s at %s:%s: %s',
                        connect_info.instance_uuid, host, port, exc)
            raise self.CClose(1011, 'Failed to connect to downstream server')
        target.settimeout(None)
        target.setsockopt(socket.SOL_TCP, socket.TCP_NODELAY, 1)
        try:
            self.do_proxy(target)
        finally:
            try:
                target.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            target.close()
            LOG.info('Console of instance %s: %s disconnected',
                     connect_info.instance_uuid, self.client_address[0])


class NovaLiteWebSocketProxy(websocketproxy.LibProxyServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host, port, web=None):
        super().__init__(RequestHandlerClass=NovaLiteProxyRequestHandler,
                         listen_host=host, listen_port=port,
                         web=web or '')
        # websockify's per-connection logger is chatty; ours logs instead.
        self.verbose = False


def make_server(host=None, port=None, web=None):
    return NovaLiteWebSocketProxy(
        host if host is not None else CONF.vnc.novncproxy_host,
        port if port is not None else CONF.vnc.novncproxy_port, web)
