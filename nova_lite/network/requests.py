"""The network request of a server create, as the compute API checks it
before any record is made (Nova's _check_requested_networks and the
network API's validate_networks): networks exist and have subnets,
requested ports exist and are free and have fixed IPs, requested fixed
IPs are free, the port quota leaves room; and the request in the form
the RequestSpec carries (Nova's NetworkRequest fields).
"""
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.network import api as network_api

LOG = logging.getLogger(__name__)


def from_api(requested):
    """The API's `networks` ('auto', 'none', [{uuid, port, fixed_ip,
    tag}]) -> [{'network_id', 'port_id', 'address', 'tag'}] (None when
    not given)."""
    if requested is None:
        return None
    if isinstance(requested, str):
        return [{'network_id': requested}]
    result = []
    for net in requested:
        result.append({'network_id': net.get('uuid'),
                       'port_id': net.get('port'),
                       'address': net.get('fixed_ip'),
                       'tag': net.get('tag')})
    return result


class Validator(object):
    def __init__(self, network=None):
        self.network = network or network_api.API()

    def validate(self, context, requested, max_count,
                 security_groups=None):
        """The number of instances the port quota allows (<= max_count);
        raises Nova's exceptions. Without a network service: max_count
        (and an explicit request for networks is refused)."""
        if not self.network.enabled(context):
            LOG.debug('No network service configured: the network request '
                      'of a create is not checked')
            return max_count
        special = network_api.requested_special(requested)
        if special == network_api.NONE:
            return max_count
        if security_groups:
            self.network.security_group_ids(context, context.project_id,
                                            security_groups)
        client = self.network.client
        if special == network_api.AUTO or not requested:
            nets = self.network.available_networks(context,
                                                   context.project_id)
            if not nets:
                if special == network_api.AUTO:
                    raise exception.UnableToAutoAllocateNetwork(
                        project_id=context.project_id)
                return max_count
            if len(nets) > 1:
                raise exception.NetworkAmbiguous()
            return self._check_quota(context, 1, max_count)
        net_ids, ports_needed = [], 0
        for req in requested:
            if req.get('port_id'):
                port = client.show_port(context, req['port_id'])
                if port.get('device_id'):
                    raise exception.PortInUse(port_id=req['port_id'])
                if not port.get('fixed_ips'):
                    raise exception.PortRequiresFixedIP(
                        port_id=req['port_id'])
                continue
            ports_needed += 1
            if req['network_id'] not in net_ids:
                net_ids.append(req['network_id'])
            if req.get('address'):
                if max_count > 1:
                    raise exception.InvalidFixedIpAndMaxCountRequest(
                        reason='max_count cannot be greater than 1 if an '
                               'fixed_ip is specified.')
                used = client.list_ports(
                    context, network_id=req['network_id'],
                    fixed_ips='ip_address=%s' % req['address'],
                    fields='device_id')
                if used:
                    raise exception.FixedIpAlreadyInUse(
                        address=req['address'],
                        instance_uuid=used[0].get('device_id'))
        if net_ids:
            for net in self.network.available_networks(
                    context, context.project_id, net_ids):
                if not net.get('subnets'):
                    raise exception.NetworkRequiresSubnet(
                        network_uuid=net['id'])
        return self._check_quota(context, ports_needed, max_count)

    def _check_quota(self, context, per_instance, max_count):
        if not per_instance:
            return max_count
        quota = self.network.client.show_quota(context,
                                               context.project_id)
        limit = quota.get('port', -1)
        if limit is None or limit < 0:
            return max_count
        used = len(self.network.client.list_ports(
            context, tenant_id=context.project_id, fields='id'))
        free = limit - used
        if free < per_instance:
            raise exception.PortLimitExceeded()
        return min(max_count, free // per_instance)
