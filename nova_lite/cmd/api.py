"""nova-lite-api: the Compute REST API, on cheroot's HTTP server with
osapi_compute_workers worker processes sharing one listening socket."""
import sys
import threading

from nova_lite.cmd import common
from nova_lite.cmd import launcher


class _ServingThread(object):
    def __init__(self, server):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever,
                                       name='http-server', daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)


def main():
    conf = common.parse_args(sys.argv)
    from nova_lite.api import http_server
    from nova_lite.api import wsgi
    workers = conf.osapi_compute_workers or launcher.default_workers()
    # Bound before the workers fork: they all accept on it, and a port
    # already in use fails here, once.
    sock = http_server.listening_socket(conf.osapi_compute_listen,
                                        conf.osapi_compute_listen_port)

    def start_worker():
        common.init_rpc_and_objects(conf)
        return [_ServingThread(wsgi.make_server(conf, sock=sock))]

    # With workers the parent keeps a copy of the socket (to start a worker
    # again); told to stop, it closes it first so new connections are
    # refused while the workers finish the requests they have.
    launcher.launch(conf, 'nova-lite-api', start_worker, workers=workers,
                    on_stop=sock.close if workers > 1 else None)


if __name__ == '__main__':
    main()
