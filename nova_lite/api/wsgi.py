"""The nova-lite-api WSGI application and its threaded HTTP server.

    app = build_app(conf)                 # the full pipeline
    server = make_server(conf)            # listens on osapi_compute_listen:
    server.serve_forever()                #   osapi_compute_listen_port
    server.shutdown()

Pipeline (outermost first): request id -> request log -> fault wrapper ->
router (version documents without auth; compute API and image endpoint
behind auth).
"""
import socket
import socketserver
from wsgiref import simple_server

from oslo_log import log as logging

from nova_lite.api import app as pecan_apps
from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base as controller_base
from nova_lite.api.middleware import fault_wrapper
from nova_lite.api.middleware import request_id
from nova_lite.api.middleware import request_log
from nova_lite.api import router
from nova_lite.image import api as image_api
from nova_lite import objects
from nova_lite import policy

LOG = logging.getLogger(__name__)


def build_app(conf):
    """Return the Compute API WSGI application configured from `conf`.

    ``[api] auth_strategy`` selects noauth2 or keystone (keystonemiddleware
    auth_token configured from ``[keystone_authtoken]``).
    """
    objects.register_all()
    api_conf.set_conf(conf)
    policy.reset()
    policy.init(conf)
    controller_base.set_image_api(image_api.API(conf))
    inner = router.Router(conf, pecan_apps.compute_app(),
                          pecan_apps.image_app())
    app = fault_wrapper.FaultWrapper(inner)
    app = request_log.RequestLog(app)
    app = request_id.RequestIdMiddleware(app)
    # the Placement view, its own pipeline, beside it under /placement
    from nova_lite.placement import wsgi as placement_wsgi
    return placement_wsgi.mount(app, conf)


# -- the HTTP server ----------------------------------------------------------

class _Input(object):
    """wsgi.input limited to Content-Length, drainable after the app ran
    so the connection can carry the next request (keep-alive)."""

    def __init__(self, stream, length):
        self.stream = stream
        self.remaining = length

    def read(self, size=-1):
        if self.remaining <= 0:
            return b''
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        data = self.stream.read(size)
        self.remaining -= len(data)
        return data

    def readline(self, size=-1):
        if self.remaining <= 0:
            return b''
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        data = self.stream.readline(size)
        self.remaining -= len(data)
        return data

    def readlines(self, hint=-1):
        return list(iter(self.readline, b''))

    def __iter__(self):
        return iter(self.readline, b'')

    def drain(self):
        while self.remaining > 0:
            if not self.read(min(self.remaining, 65536)):
                break


class _ServerHandler(simple_server.ServerHandler):
    http_version = '1.1'
    sent_headers = None

    def close(self):
        self.sent_headers = self.headers
        super().close()

    def log_exception(self, exc_info):
        LOG.error('Error while serving a request', exc_info=exc_info)

    def error_output(self, environ, start_response):
        start_response('500 Internal Server Error',
                       [('Content-Type', 'application/json; charset=UTF-8')],
                       self.get_exc_info() if hasattr(
                           self, 'get_exc_info') else None)
        return [b'{"computeFault": {"code": 500, "message": '
                b'"Unexpected API Error."}}']


class _RequestHandler(simple_server.WSGIRequestHandler):
    protocol_version = 'HTTP/1.1'
    timeout = 120

    def log_message(self, format, *args):  # noqa: A002 - stdlib name
        pass  # the RequestLog middleware logs every request

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without NODELAY a
        # keep-alive client waits ~40 ms for the delayed ACK on every reply.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP,
                                       socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def handle(self):
        self.close_connection = True
        self.handle_one_request()
        while not self.close_connection:
            self.handle_one_request()

    def handle_one_request(self):
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except (OSError, ValueError):
            self.close_connection = True
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if len(self.raw_requestline) > 65536:
            self.requestline = ''
            self.request_version = ''
            self.command = ''
            self.send_error(414)
            self.close_connection = True
            return
        if not self.parse_request():
            self.close_connection = True
            return
        environ = self.get_environ()
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
        except ValueError:
            length = 0
        if environ.get('HTTP_TRANSFER_ENCODING', '').lower() == 'chunked':
            self.send_error(411, 'Chunked request bodies are not supported')
            self.close_connection = True
            return
        body = _Input(self.rfile, length)
        handler = _ServerHandler(body, self.wfile, self.get_stderr(),
                                 environ, multithread=True)
        handler.request_handler = self
        handler.http_version = '1.1'
        handler.run(self.server.get_app())
        try:
            body.drain()
        except OSError:
            self.close_connection = True
            return
        sent = handler.sent_headers
        conn_hdr = (environ.get('HTTP_CONNECTION') or '').lower()
        keep = (self.request_version == 'HTTP/1.1' and conn_hdr != 'close') \
            or (self.request_version == 'HTTP/1.0' and
                conn_hdr == 'keep-alive')
        if not keep or sent is None or 'Content-Length' not in sent or \
                (sent.get('Connection') or '').lower() == 'close':
            self.close_connection = True

    def get_environ(self):
        environ = super().get_environ()
        environ['wsgi.multithread'] = True
        return environ


class ThreadedWSGIServer(socketserver.ThreadingMixIn,
                         simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def make_server(conf, host=None, port=None, app=None):
    """A bound, ready-to-serve threaded HTTP server for the API.

    Call ``serve_forever()`` (blocking) and ``shutdown()`` from another
    thread; ``server_address`` gives the bound (host, port) — pass port=0
    for an ephemeral port.
    """
    host = host if host is not None else conf.osapi_compute_listen
    port = port if port is not None else conf.osapi_compute_listen_port
    server = ThreadedWSGIServer((host, port), _RequestHandler)
    server.set_app(app if app is not None else build_app(conf))
    LOG.info('nova-lite-api listening on %s:%s', *server.server_address[:2])
    return server
