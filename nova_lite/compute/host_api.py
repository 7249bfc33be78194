"""What the REST layer calls for os-hosts (before 2.43): the hosts and
their zones, one host's resources, and the host operations its compute
service answers (enable/disable, maintenance, power actions).

Nova's HostAPI subset, without cells: an unknown host is
ComputeHostNotFound; a host whose compute service is down is
ComputeServiceUnavailable before anything is sent (a call to it would
only time out). Each operation sends Nova's legacy notifications
HostAPI.<operation>.start and .end (publisher api.<host>).
"""
from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite.compute import aggregates
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite import exception
from nova_lite.notifications import base as notifications
from nova_lite import objects
from nova_lite import servicegroup

LOG = logging.getLogger(__name__)

# Services that are not hosts in os-hosts' sense (Nova's API services).
API_BINARIES = ('nova-osapi_compute', 'nova-metadata')


class HostAPI(object):
    def __init__(self, compute_rpcapi=None):
        self._compute_rpcapi = compute_rpcapi

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            self._compute_rpcapi = compute_rpcapi.ComputeAPI()
        return self._compute_rpcapi

    # -- reads ----------------------------------------------------------------

    def list_hosts(self, context, zone=None):
        """[{host_name, service (the topic), zone}] of the services that are
        not disabled, API services left out; only those in `zone` if
        given."""
        services = [s for s in objects.ServiceList.get_all(
            context, {'disabled': False}) if s.binary not in API_BINARIES]
        zone_map = availability_zones.host_zone_map(context) \
            if services else {}
        hosts = []
        for service in services:
            service_zone = availability_zones.service_zone(service, zone_map)
            if zone and service_zone != zone:
                continue
            hosts.append({'host_name': service.host,
                          'service': service.topic or service.binary,
                          'zone': service_zone})
        return hosts

    def host_resources(self, context, host):
        """(the host's first compute node, its instances);
        ComputeHostNotFound without a node."""
        nodes = sorted(objects.ComputeNodeList.get_by_host(context, host),
                       key=lambda n: n.id)
        if not nodes:
            raise exception.ComputeHostNotFound(host=host)
        instances = objects.InstanceList.get_by_host(context, host)
        return nodes[0], list(instances)

    # -- operations on the host, through its compute service ------------------

    def _compute_host(self, context, host):
        service = aggregates.compute_service(context, host)
        if not servicegroup.service_is_up(service):
            raise exception.ComputeServiceUnavailable(host=host)
        return service.host

    def _operate(self, context, host, operation, values, send):
        """send(compute host) between HostAPI.<operation>.start and .end
        (payload: host_name and `values`), once the host is found up."""
        host = self._compute_host(context, host)
        payload = dict(values, host_name=host)
        LOG.info('Host operation %s on %s: %s (request %s)', operation,
                 host, values, context.request_id)
        publisher = notifications.legacy_publisher('nova-api', host)
        event = 'HostAPI.%s.%%s' % operation
        notifications.emit_legacy(context, publisher, event % 'start',
                                  payload)
        result = send(host)
        notifications.emit_legacy(context, publisher, event % 'end',
                                  payload)
        return result

    def set_host_enabled(self, context, host, enabled):
        return self._operate(
            context, host, 'set_enabled', {'enabled': enabled},
            lambda name: self.compute_rpcapi.set_host_enabled(
                context, name, enabled))

    def set_host_maintenance(self, context, host, mode):
        return self._operate(
            context, host, 'set_maintenance', {'mode': mode},
            lambda name: self.compute_rpcapi.host_maintenance_mode(
                context, name, name, mode))

    def host_power_action(self, context, host, action):
        return self._operate(
            context, host, 'power_action', {'action': action},
            lambda name: self.compute_rpcapi.host_power_action(
                context, name, action))
