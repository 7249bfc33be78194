"""The network agent's RPC endpoint and loop.

Every `polling_interval` seconds, and at once when the network service
casts port_update / port_delete / security_groups_updated on the
`network-agent` fanout topic, the agent resyncs the whole host: it asks
for the ports bound here (get_ports_for_host), wires those whose tap
exists (HostWiring), replaces the firewall in one transaction and reports
newly wired ports up and vanished ones down. A resync is idempotent, so a
restarted agent leaves rules and enslavement as they were and reports its
ports up again (the service ignores a port already ACTIVE)."""
import threading

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite.network.agent import wiring
from nova_lite.network.linux import firewall as firewall_lib

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class NetworkAgentManager(object):
    target = messaging.Target(version='1.0')

    def __init__(self, host, network_api=None, firewall=None,
                 polling_interval=None, list_taps=wiring.local_taps):
        if network_api is None:
            from nova_lite.network import rpcapi
            network_api = rpcapi.NetworkAPI()
        self.host = host
        self.network_api = network_api
        self.polling_interval = (polling_interval or
                                 CONF.network_agent.polling_interval)
        self.wiring = wiring.HostWiring(
            host, firewall or firewall_lib.Firewall(
                CONF.network_agent.nft_table),
            CONF.network_agent.physical_interface)
        self.list_taps = list_taps
        self.reported_up = set()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._sync_lock = threading.Lock()
        self._thread = None
        self.syncs = 0

    # -- service hooks -------------------------------------------------------

    def init_host(self, service_id=None):
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, daemon=True,
                                        name='network-agent-sync')
        self._thread.start()

    def cleanup_host(self):
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    # -- RPC endpoint (fanout casts) -----------------------------------------

    def port_update(self, context, port_id, host=None):
        LOG.debug('port_update %s (host %s)', port_id, host)
        self._wake.set()

    def port_delete(self, context, port_id):
        LOG.debug('port_delete %s', port_id)
        self._wake.set()

    def security_groups_updated(self, context, security_group_ids):
        LOG.debug('security_groups_updated %s', security_group_ids)
        self._wake.set()

    # -- the loop --------------------------------------------------------------

    def _loop(self):
        context = nl_context.get_admin_context()
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.sync(context)
            except messaging.MessagingTimeout as exc:
                # The network service not answering yet (starting, or
                # restarting: the call went to a queue nobody read) is
                # what the retry is for.
                LOG.warning('Network agent resync: no answer from the '
                            'network service (%s); retrying in %ss', exc,
                            self.polling_interval)
            except Exception:
                LOG.exception('Network agent resync failed; retrying in %ss',
                              self.polling_interval)
            self._wake.wait(self.polling_interval)

    def sync(self, context):
        """One full resync of this host."""
        with self._sync_lock:
            taps = self.list_taps()
            details = self.network_api.get_ports_for_host(context, self.host)
            details = [d for d in details or [] if d and d.get('port')]
            up = set(self.wiring.apply(details, taps))
            for port_id in sorted(up - self.reported_up):
                self._report(context, 'update_device_up', port_id, up=True)
            bound = {d['port']['id'] for d in details}
            for port_id in sorted(self.reported_up - up):
                self._report(context, 'update_device_down', port_id,
                             up=False)
                if port_id not in bound:
                    # Deleted or bound elsewhere: nothing left to report.
                    self.reported_up.discard(port_id)
            self.syncs += 1
            return up

    def _report(self, context, method, port_id, up):
        try:
            getattr(self.network_api, method)(context, port_id, self.host)
        except Exception:
            LOG.exception('%s of port %s failed; retried next sync', method,
                          port_id)
            return
        LOG.info('Port %s is %s on %s', port_id, 'up' if up else 'down',
                 self.host)
        if up:
            self.reported_up.add(port_id)
        else:
            self.reported_up.discard(port_id)
