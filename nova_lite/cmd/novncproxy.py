"""nova-lite-novncproxy: WebSocket proxy to guests' VNC consoles, tokens
checked through the conductor ([vnc] novncproxy_host:novncproxy_port)."""
import os
import sys
import threading

from nova_lite.cmd import common
from nova_lite.cmd import launcher


class ProxyService(object):
    def __init__(self, server):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever,
                                       name='novncproxy', daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def start(conf):
    """Start the proxy in this process (a daemon thread); the service."""
    from oslo_log import log as logging
    from nova_lite.console import websocketproxy
    web = conf.web if os.path.isdir(conf.web or '') else None
    server = websocketproxy.make_server(web=web)
    logging.getLogger(__name__).info(
        'nova-lite-novncproxy listening on %s:%s (noVNC files: %s)',
        conf.vnc.novncproxy_host, conf.vnc.novncproxy_port, web or 'none')
    service = ProxyService(server)
    service.start()
    return service


def main():
    conf = common.parse_args(sys.argv)

    def start_worker():
        common.init_rpc_and_objects(conf)
        return [start(conf)]

    launcher.launch(conf, 'nova-lite-novncproxy', start_worker)


if __name__ == '__main__':
    main()
