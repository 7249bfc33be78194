"""Client side of the network service's RPC APIs.

NetworkAPI: topic 'network' (the network service; agents call it).
AgentNotifyAPI: topic 'network-agent', fanout casts every agent hears.

Version history (both):

1.0 - NetworkAPI: get_ports_for_host, get_port_details, update_device_up,
      update_device_down (calls); AgentNotifyAPI: port_update,
      port_delete, security_groups_updated (fanout casts)
"""
import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'network'
AGENT_TOPIC = 'network-agent'
RPC_VERSION = '1.0'


class NetworkAPI(object):
    """What an agent asks the network service."""

    def __init__(self, timeout=None):
        target = messaging.Target(topic=TOPIC, version=RPC_VERSION)
        self.client = rpc.get_client(target)
        self.timeout = timeout

    def _call(self, context, method, **kwargs):
        cctxt = self.client.prepare(version='1.0', timeout=self.timeout)
        return cctxt.call(context, method, **kwargs)

    def get_ports_for_host(self, context, host):
        """Port details (see get_port_details) of every port bound to
        `host`."""
        return self._call(context, 'get_ports_for_host', host=host)

    def get_port_details(self, context, port_id):
        """{"port", "network", "subnets", "security_group_rules"} or
        None."""
        return self._call(context, 'get_port_details', port_id=port_id)

    def update_device_up(self, context, port_id, host):
        return self._call(context, 'update_device_up', port_id=port_id,
                          host=host)

    def update_device_down(self, context, port_id, host):
        return self._call(context, 'update_device_down', port_id=port_id,
                          host=host)


class AgentNotifyAPI(object):
    """What the network service tells every agent (fanout)."""

    def __init__(self):
        target = messaging.Target(topic=AGENT_TOPIC, version=RPC_VERSION)
        self.client = rpc.get_client(target)

    def _cast(self, context, method, **kwargs):
        cctxt = self.client.prepare(version='1.0', fanout=True)
        cctxt.cast(context, method, **kwargs)

    def port_update(self, context, port_id, host):
        self._cast(context, 'port_update', port_id=port_id, host=host)

    def port_delete(self, context, port_id):
        self._cast(context, 'port_delete', port_id=port_id)

    def security_groups_updated(self, context, security_group_ids):
        self._cast(context, 'security_groups_updated',
                   security_group_ids=list(security_group_ids))
