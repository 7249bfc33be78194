"""Interfaces and security groups of a server in the compute API:
os-interface attach (a call to the server's host, which hot-plugs the
port) and detach (a cast), addSecurityGroup/removeSecurityGroup (the
ports' security_groups updated in the network service), as Nova's
compute API does them."""
from oslo_log import log as logging

from nova_lite.compute import guards
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite.network import api as network_api
from nova_lite.network import model

LOG = logging.getLogger(__name__)

_ATTACHABLE = [vm_states.ACTIVE, vm_states.PAUSED, vm_states.STOPPED]


class InterfacesAPI(object):
    def __init__(self, compute_rpcapi, network=None):
        self.compute_rpcapi = compute_rpcapi
        self.network = network or network_api.API()

    def _require_network(self, context):
        if not self.network.enabled(context):
            raise exception.ValidationError(
                detail='No network service is configured: interfaces '
                       'cannot be attached.')

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=_ATTACHABLE, must_have_host=True,
                                 action='attach_interface')
    def attach_interface(self, context, instance, network_id=None,
                         port_id=None, requested_ip=None, tag=None):
        """The new VIF (a network_info dict)."""
        self._require_network(context)
        compute_utils.start_action(context, instance, 'attach_interface')
        return self.compute_rpcapi.attach_interface(
            context, instance, network_id, port_id, requested_ip, tag=tag)

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=_ATTACHABLE, must_have_host=True,
                                 action='detach_interface')
    def detach_interface(self, context, instance, port_id):
        self._require_network(context)
        cached = self.network.cached_network_info(context, instance)
        if model.find_vif(cached, port_id) is None:
            raise exception.PortNotFound(port_id=port_id)
        compute_utils.start_action(context, instance, 'detach_interface')
        self.compute_rpcapi.detach_interface(context, instance, port_id)

    # -- security groups of a server --------------------------------------------

    def _ports(self, context, instance):
        return self.network.list_ports(context, device_id=instance.uuid)

    def security_groups(self, context, instance):
        """The security groups (Neutron dicts) of the server's ports."""
        if not self.network.enabled(context):
            return []
        ids = _group_ids(self._ports(context, instance))
        if not ids:
            return []
        return self.network.client.list_security_groups(context, id=ids)

    def security_group_names(self, context, instances):
        """{instance uuid: [group names]} from the ports of the servers
        that have any (two calls to the network service, as Nova's server
        views make them); {} without a network service."""
        uuids = [i.uuid for i in instances]
        if not uuids or not self.network.enabled(context):
            return {}
        try:
            return self._security_group_names(context, uuids)
        except exception.NetworkServiceUnavailable as exc:
            # A server is still shown while the network service is down.
            LOG.warning('Security groups of %d server(s) left out: %s',
                        len(uuids), exc)
            return {}

    def _security_group_names(self, context, uuids):
        ports = self.network.list_ports(context, device_id=uuids)
        ids = _group_ids(ports)
        if not ids:
            return {}
        names = {g['id']: g['name'] for g in
                 self.network.client.list_security_groups(
                     context, id=ids, fields=['id', 'name'])}
        found = {}
        for port in ports:
            groups = found.setdefault(port['device_id'], [])
            for group_id in port.get('security_groups') or []:
                name = names.get(group_id)
                if name and name not in groups:
                    groups.append(name)
        return found

    def add_security_group(self, context, instance, name):
        self._require_network(context)
        group_id = self.network.security_group_ids(
            context, context.project_id, [name])[0]
        ports = self._ports(context, instance)
        if not ports:
            # Nova's answer for a server without ports.
            raise exception.SecurityGroupNotFound(
                'instance_id %s could not be found as device id on any '
                'ports' % instance.uuid)
        if all(group_id in (p.get('security_groups') or [])
               for p in ports):
            raise exception.SecurityGroupExistsForInstance(
                security_group_id=name, instance_id=instance.uuid)
        for port in ports:
            if not port.get('port_security_enabled', True):
                raise exception.SecurityGroupCannotBeApplied()
            groups = list(port.get('security_groups') or [])
            if group_id not in groups:
                groups.append(group_id)
                self.network.client.update_port(
                    context, port['id'], {'security_groups': groups})
        LOG.info('Security group %s added to instance %s', name,
                 instance.uuid)

    def remove_security_group(self, context, instance, name):
        self._require_network(context)
        group_id = self.network.security_group_ids(
            context, context.project_id, [name])[0]
        found = False
        for port in self._ports(context, instance):
            groups = list(port.get('security_groups') or [])
            if group_id in groups:
                found = True
                groups.remove(group_id)
                self.network.client.update_port(
                    context, port['id'], {'security_groups': groups})
        if not found:
            raise exception.SecurityGroupNotExistsForInstance(
                security_group_id=name, instance_id=instance.uuid)
        LOG.info('Security group %s removed from instance %s', name,
                 instance.uuid)


def _group_ids(ports):
    """The security group ids of `ports`, each once, in order."""
    ids = []
    for port in ports:
        for group_id in port.get('security_groups') or []:
            if group_id not in ids:
                ids.append(group_id)
    return ids
