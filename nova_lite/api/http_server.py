"""The HTTP server of nova-lite-api: cheroot's WSGI server (HTTP/1.1
keep-alive, chunked request bodies, socket timeouts, a bounded thread
pool), on a socket it binds itself or one a parent process bound before
forking its workers.

    server = HTTPServer(app, ('127.0.0.1', 8774), conf=conf)
    server.serve_forever()          # blocks
    server.shutdown()               # from another thread: stop accepting,
                                    # finish the requests in flight
"""
import socket

from cheroot import server as cheroot_server
from cheroot import wsgi as cheroot_wsgi
from oslo_log import log as logging

LOG = logging.getLogger(__name__)


def listening_socket(host, port, backlog=128):
    """A bound, listening TCP socket, for workers to share."""
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    _no_delay(sock)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _no_delay(sock):
    # cheroot writes a response's head and body in separate sends; with
    # Nagle on, the body waits for the client's delayed ACK (40 ms on
    # Linux) on every keep-alive request. Accepted sockets inherit this
    # from the listening one. cheroot sets it on sockets it binds itself.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _Request(cheroot_server.HTTPRequest):
    """cheroot's request, saying ``Connection: close`` on the errors it
    answers itself (a request line or headers too long, a malformed
    request): it closes the connection after them, and a keep-alive
    client that was not told would send its next request into a closed
    socket."""

    def simple_response(self, status, msg=''):
        code = str(status)[:3]
        if code in ('413', '414'):
            # cheroot adds the header itself once it believes the client
            # speaks HTTP/1.1, which a 414 cuts short of learning.
            self.response_protocol = 'HTTP/1.1'
        elif code[:1] in ('4', '5'):
            self.close_connection = True
            self._write_closing(status, msg)
            return
        super().simple_response(status, msg)

    def _write_closing(self, status, msg):
        if isinstance(msg, str):
            msg = msg.encode('ISO-8859-1')
        head = ('%s %s\r\nContent-Length: %d\r\n'
                'Content-Type: text/plain\r\nConnection: close\r\n\r\n'
                % (self.server.protocol, status, len(msg)))
        try:
            self.conn.wfile.write(head.encode('ISO-8859-1') + msg)
        except OSError:
            pass


class _Connection(cheroot_server.HTTPConnection):
    RequestHandlerClass = _Request


class _CherootServer(cheroot_wsgi.Server):
    """cheroot's server, adopting an already bound socket when given."""

    ConnectionClass = _Connection
    inherited_socket = None

    def bind(self, family, type, proto=0):  # noqa: A002 - cheroot's name
        if self.inherited_socket is None:
            return super().bind(family, type, proto)
        self.socket = self.inherited_socket
        _no_delay(self.socket)
        self.bind_addr = self.socket.getsockname()[:2]
        return self.socket


class HTTPServer(object):
    """One worker's server; ``server_address`` is the bound (host, port)."""

    def __init__(self, app, bind_addr=None, sock=None, conf=None):
        options = _options(conf)
        if sock is not None:
            bind_addr = sock.getsockname()[:2]
        self._server = _CherootServer(
            bind_addr, app,
            numthreads=options['threads'], max=options['threads'],
            request_queue_size=128, timeout=options['socket_timeout'],
            shutdown_timeout=options['shutdown_timeout'])
        self._server.server_name = 'nova-lite-api'
        self._server.max_request_header_size = options['max_header_line']
        self._server.inherited_socket = sock
        if not options['keep_alive']:
            self._server.wsgi_app = _closing(app)
        self._server.prepare()
        LOG.info('nova-lite-api listening on %s:%s', *self.server_address)

    @property
    def server_address(self):
        return self._server.bind_addr[:2]

    def serve_forever(self):
        self._server.serve()

    def shutdown(self):
        """Stop accepting; requests in flight finish (within
        [wsgi] shutdown_timeout)."""
        self._server.stop()

    def server_close(self):
        self._server.stop()


def _closing(app):
    """[wsgi] keep_alive = False: every response closes its connection."""
    def closing_app(environ, start_response):
        def start(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers
                       if k.lower() != 'connection']
            headers.append(('Connection', 'close'))
            return start_response(status, headers, exc_info)
        return app(environ, start)
    return closing_app


def _options(conf):
    if conf is None or not hasattr(conf, 'wsgi'):
        return {'threads': 32, 'socket_timeout': 900,
                'shutdown_timeout': 60, 'max_header_line': 16384,
                'keep_alive': True}
    return {'threads': conf.wsgi.default_pool_size,
            'socket_timeout': conf.wsgi.client_socket_timeout or None,
            'shutdown_timeout': conf.graceful_shutdown_timeout or None,
            'max_header_line': conf.wsgi.max_header_line,
            'keep_alive': conf.wsgi.keep_alive}
