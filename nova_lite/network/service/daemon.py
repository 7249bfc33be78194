"""The running network service: its RPC server (topic `network`), the
HTTP API and the DHCP resync at start-up. Not a Nova service record: like
Neutron, it does not show in the Compute API's service list."""
import threading

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import concurrency
from nova_lite.network import rpcapi
from nova_lite.network.service import manager as manager_mod
from nova_lite.network.service import plugin as plugin_mod
from nova_lite import rpc

LOG = logging.getLogger(__name__)


class NetworkService(object):
    def __init__(self, conf, plugin=None, serve_http=True, host=None,
                 port=None):
        self.conf = conf
        self.plugin = plugin or plugin_mod.build(conf)
        self.manager = manager_mod.NetworkManager(self.plugin)
        self.serve_http = serve_http
        self.host, self.port = host, port
        self.rpcserver = self.http = None

    @property
    def endpoint(self):
        return 'http://%s:%d' % self.http.server_address[:2]

    def start(self):
        target = messaging.Target(topic=rpcapi.TOPIC,
                                  server=self.conf.network.host)
        self.rpcserver = rpc.get_server(target, [self.manager],
                                        executor=concurrency.selected())
        self.rpcserver.start()
        if self.plugin.events.dhcp is not None:
            self.plugin.events.dhcp.resync()
        if self.serve_http:
            from nova_lite.api import wsgi
            from nova_lite.network.server import wsgi as network_wsgi
            self.http = wsgi.make_server(
                self.conf,
                host=self.host or self.conf.network.bind_host,
                port=self.port if self.port is not None
                else self.conf.network.bind_port,
                app=network_wsgi.application(self.conf, self.plugin))
            threading.Thread(target=self.http.serve_forever, daemon=True,
                             name='network-api').start()
            LOG.info('nova-lite-network listening on %s', self.endpoint)

    def stop(self):
        if self.plugin.events.dhcp is not None:
            self.plugin.events.dhcp.stop()
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
        if self.rpcserver is not None:
            try:
                self.rpcserver.stop()
                self.rpcserver.wait()
            except Exception:
                LOG.exception('Stopping the network RPC server failed')
