"""Ports: defaults (the project's `default` group, port security from
the network), the binding answer (vif_type tap once a host is set) and
status changes reported by the agents. Every change goes to the events
hub, which tells agents, DHCP and Nova."""
import uuid

from nova_lite.network import exceptions as exc
from nova_lite import objects

VIF_TYPE_TAP = 'tap'
VIF_TYPE_UNBOUND = 'unbound'
DHCP_OWNER = 'network:dhcp'


def binding(host):
    """The binding attributes the service answers for `host`."""
    if host:
        return {'binding_host_id': host, 'binding_vif_type': VIF_TYPE_TAP,
                'binding_vif_details': {'port_filter': True}}
    return {'binding_host_id': '', 'binding_vif_type': VIF_TYPE_UNBOUND,
            'binding_vif_details': {}}


class Ports(object):
    def __init__(self, conf, events):
        self.conf = conf
        self.events = events

    def _groups(self, context, project_id, values, network, fixed_ips):
        """The security group ids of a new port."""
        secure = values.get('port_security_enabled')
        if secure is None:
            secure = network.port_security_enabled
        values['port_security_enabled'] = secure
        groups = values.pop('security_groups', None)
        if groups:
            if not secure or fixed_ips == []:
                raise exc.PortSecurityAndIPRequiredForSecurityGroups()
            for sg_id in groups:
                objects.SecurityGroup.get_by_id(context, sg_id)
            return list(groups)
        if groups is not None or not secure or \
                (values.get('device_owner') or '').startswith('network:'):
            return []
        return [objects.SecurityGroup.ensure_default(context, project_id)]

    def create_port(self, context, values):
        values = dict(values)
        network = objects.Network.get_by_id(context, values['network_id'])
        project_id = values.pop('project_id', None) or context.project_id
        fixed_ips = values.pop('fixed_ips', None)
        groups = self._groups(context, project_id, values, network,
                              fixed_ips)
        values.update(binding(values.pop('binding_host_id', '')))
        port = objects.Port(context, id=str(uuid.uuid4()),
                            project_id=project_id, status='DOWN',
                            security_groups=groups, **values)
        for key, default in (('device_id', ''), ('device_owner', ''),
                             ('admin_state_up', True), ('name', ''),
                             ('description', ''), ('binding_profile', {}),
                             ('binding_vnic_type', 'normal')):
            if not port.obj_attr_is_set(key) or getattr(port, key) is None:
                setattr(port, key, default)
        if fixed_ips is not None:
            port.fixed_ips = fixed_ips
        port.create()
        self.events.port_created(context, port)
        return port

    def get_port(self, context, port_id):
        return objects.Port.get_by_id(context, port_id)

    def list_ports(self, context, filters, visible_to=None, fixed_ips=None):
        return objects.PortList.get_all(context, filters, visible_to,
                                        fixed_ips)

    def update_port(self, context, port, values):
        values = dict(values)
        secure = values.get('port_security_enabled', port.
                            port_security_enabled)
        groups = values.get('security_groups', port.security_groups)
        if groups and not secure:
            if 'security_groups' in values:
                raise exc.PortSecurityAndIPRequiredForSecurityGroups()
            raise exc.PortSecurityPortHasSecurityGroup()
        if values.get('security_groups'):
            for sg_id in values['security_groups']:
                objects.SecurityGroup.get_by_id(context, sg_id)
        if 'binding_host_id' in values:
            host = values.pop('binding_host_id') or ''
            if host != port.binding_host_id:
                values.update(binding(host))
                values['status'] = 'DOWN'
        for key, value in values.items():
            setattr(port, key, value)
        before = port.save()
        self.events.port_updated(context, before, port)
        return port

    def delete_port(self, context, port):
        port.destroy()
        self.events.port_deleted(context, port)

    def set_status(self, context, port_id, status):
        """An agent reports a device up (ACTIVE) or down (DOWN)."""
        old = objects.Port.update_status(context, port_id, status)
        if old is None:
            return None
        port = objects.Port.get_by_id(context, port_id)
        if old != status:
            self.events.port_status_changed(context, port, old)
        return port
