"""nova-lite-api: the Compute REST API (WSGI)."""
import sys
import threading

from nova_lite.cmd import common


def main():
    conf = common.parse_args(sys.argv)
    from oslo_log import log as logging
    from nova_lite.api import wsgi
    common.init_rpc_and_objects(conf)
    server = wsgi.make_server(conf)
    logging.getLogger(__name__).info(
        'nova-lite-api listening on %s:%s', *server.server_address[:2])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    common.run_until_signalled([], on_stop=server.shutdown)


if __name__ == '__main__':
    main()
