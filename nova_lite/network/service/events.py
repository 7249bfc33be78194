"""The events hub: what happens after a network, subnet, port or group
changed. Agents hear of port and group changes (fanout casts), Nova of
compute ports going up, down, away or changing addresses
(os-server-external-events), DHCP of any port or subnet change of a
network. Each listener is optional (None: not told)."""
from oslo_log import log as logging

LOG = logging.getLogger(__name__)


def _compute_port(port):
    return bool(port.device_id) and \
        (port.device_owner or '').startswith('compute:')


class Events(object):
    def __init__(self, conf, agents=None, nova=None, dhcp=None):
        self.conf = conf
        self.agents = agents
        self.nova = nova
        self.dhcp = dhcp

    def _safely(self, what, fn, *args):
        try:
            fn(*args)
        except Exception:
            LOG.exception('Could not %s', what)

    def _dhcp(self, context, network_id):
        if self.dhcp is not None:
            self._safely('update DHCP of network %s' % network_id,
                         self.dhcp.network_changed, context, network_id)

    def _nova(self, context, name, port, status='completed'):
        if self.nova is not None and _compute_port(port):
            self._safely('send %s for port %s' % (name, port.id),
                         self.nova.send_event, context, name, port.device_id,
                         port.id, status)

    def _agents(self, method, context, *args):
        if self.agents is not None:
            self._safely('tell the agents %s' % method,
                         getattr(self.agents, method), context, *args)

    # -- networks and subnets -------------------------------------------------

    def network_changed(self, context, network_id):
        self._dhcp(context, network_id)

    def network_deleted(self, context, network_id, port_ids):
        for port_id in port_ids:
            self._agents('port_delete', context, port_id)
        if self.dhcp is not None:
            self._safely('remove DHCP of network %s' % network_id,
                         self.dhcp.network_deleted, context, network_id)

    # -- ports ----------------------------------------------------------------

    def port_created(self, context, port):
        if port.binding_host_id:
            self._agents('port_update', context, port.id,
                         port.binding_host_id)
        self._dhcp(context, port.network_id)

    def port_updated(self, context, before, port):
        """`before` is the port's dict before the change."""
        old_host = before.get('binding_host_id') or ''
        if old_host and old_host != port.binding_host_id:
            self._agents('port_delete', context, port.id)
        if port.binding_host_id:
            self._agents('port_update', context, port.id,
                         port.binding_host_id)
        if sorted(before.get('security_groups') or []) != \
                sorted(port.security_groups):
            self._agents('security_groups_updated', context, sorted(
                set(before.get('security_groups') or []) |
                set(port.security_groups)))
        old_ips = sorted((i['subnet_id'], i['ip_address'])
                         for i in before.get('fixed_ips') or [])
        new_ips = sorted((i['subnet_id'], i['ip_address'])
                         for i in port.fixed_ips)
        if before.get('status') == 'ACTIVE' and port.status == 'DOWN':
            # unbound (a reschedule, a detach): Nova hears it went down
            self._nova(context, 'network-vif-unplugged', port)
        if old_ips != new_ips:
            self._nova(context, 'network-changed', port)
            if port.security_groups:
                self._agents('security_groups_updated', context,
                             sorted(port.security_groups))
        self._dhcp(context, port.network_id)

    def port_deleted(self, context, port):
        self._agents('port_delete', context, port.id)
        if port.security_groups:
            self._agents('security_groups_updated', context,
                         sorted(port.security_groups))
        self._nova(context, 'network-vif-deleted', port)
        self._dhcp(context, port.network_id)

    def port_status_changed(self, context, port, old_status):
        if port.status == 'ACTIVE' and old_status != 'ACTIVE':
            self._nova(context, 'network-vif-plugged', port)
        elif port.status == 'DOWN' and old_status == 'ACTIVE':
            self._nova(context, 'network-vif-unplugged', port)

    # -- security groups ------------------------------------------------------

    def security_groups_updated(self, context, sg_ids):
        self._agents('security_groups_updated', context, list(sg_ids))
