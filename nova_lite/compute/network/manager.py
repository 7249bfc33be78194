"""The compute host's part of guest networking: ports allocated and bound
to this host at build (task_state networking), deallocated at delete and
after a failed build, interfaces hot-plugged and unplugged, the info
cache refreshed when the network service says something changed.

Without a network service (nova_lite.network.neutron.is_configured is
False) a build gets no ports and nothing here calls out, as before.
"""
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.network import api as network_api
from nova_lite.network import model

LOG = logging.getLogger(__name__)


def log_network_service(conf):
    """Say at start-up how this host reaches the network service."""
    opts = conf.neutron
    if opts.endpoint_override or opts.auth_type:
        LOG.info('Network service: [neutron] %s (service type %s): guests '
                 'get ports', opts.endpoint_override or
                 'auth_type=%s, endpoint from the catalog' % opts.auth_type,
                 opts.service_type)
    else:
        LOG.info('Network service: none configured in [neutron]; a guest '
                 'gets ports only when its request\'s service catalog has '
                 'a %r endpoint, else it boots without a network',
                 opts.service_type)


class InstanceNetworks(object):
    """guests: the HostGuests of this host; network: a
    nova_lite.network.api.API; events: the host's InstanceEvents."""

    def __init__(self, guests, network=None, events=None):
        self.guests = guests
        self.host = guests.host
        self.driver = guests.driver
        self.network = network or network_api.API()
        self.events = events

    def enabled(self, context):
        return self.network.enabled(context)

    # -- build and delete ----------------------------------------------------

    def allocate(self, context, instance, request_spec=None,
                 rescheduled=False):
        """network_info for the guest ([] without a network service);
        rescheduled: an earlier host may have left the ports unbound."""
        if not self.enabled(context):
            LOG.debug('No network service configured: instance %s gets '
                      'no network', instance.uuid)
            return []
        if rescheduled and self.network.cached_network_info(context,
                                                            instance):
            # The ports of the last attempt move here.
            network_info = self.bind_to_host(context, instance)
            LOG.info('Bound the %d port(s) of instance %s to %s',
                     len(network_info), instance.uuid, self.host)
            return network_info
        requested, groups = None, ['default']
        if request_spec is not None:
            requested = request_spec.networks()
            groups = request_spec.security_group_names()
        network_info = self.network.allocate_for_instance(
            context, instance, requested, security_groups=groups,
            host=self.host)
        LOG.info('Allocated %d port(s) on %s for instance %s: %s',
                 len(network_info), self.host, instance.uuid,
                 ', '.join(model.vif_ids(network_info)) or '-')
        return network_info

    def deallocate(self, context, instance):
        """Delete the instance's ports (unbind the user's); errors are
        logged, never raised (a delete or clean-up goes on)."""
        if self.events is not None:
            self.events.clear_events_for_instance(instance)
        if not self.enabled(context):
            return
        try:
            self.network.deallocate_for_instance(context, instance)
        except Exception:
            LOG.exception('Could not deallocate the network of instance %s',
                          instance.uuid)

    def network_info(self, context, instance):
        """The cached network_info ([] without a network service)."""
        if not self.enabled(context):
            return []
        return self.network.cached_network_info(context, instance)

    def bind_to_host(self, context, instance):
        """The instance's ports bound here (the destination of a move, an
        unshelve); its network_info ([] without a network service)."""
        if not self.enabled(context):
            return []
        return self.network.bind_ports_to_host(context, instance, self.host)

    def unbind_from_host(self, context, instance):
        """A shelve offload: the ports stay, bound to no host."""
        if not self.enabled(context):
            return
        try:
            self.network.bind_ports_to_host(context, instance, None)
        except Exception:
            LOG.exception('Could not unbind the ports of %s', instance.uuid)

    # -- interface attach and detach -----------------------------------------

    def attach_interface(self, context, instance, network_id, port_id,
                         requested_ip, tag=None):
        """Create/take the port, bind it here, hot-plug it; the VIF."""
        vif, _info = self.network.allocate_port_for_instance(
            context, instance, port_id=port_id, network_id=network_id,
            requested_ip=requested_ip, host=self.host)
        image_meta = None
        try:
            self.driver.attach_interface(context, instance, image_meta, vif)
        except Exception as exc:
            LOG.warning('Hot-plug of port %s into %s failed: %s', vif['id'],
                        instance.uuid, exc)
            self.network.deallocate_port_for_instance(context, instance,
                                                      vif['id'])
            raise exception.InterfaceAttachFailed(
                instance_uuid=instance.uuid)
        LOG.info('Attached port %s to instance %s', vif['id'], instance.uuid)
        return vif

    def detach_interface(self, context, instance, port_id):
        cached = self.network.cached_network_info(context, instance)
        vif = model.find_vif(cached, port_id)
        if vif is None:
            raise exception.PortNotFound(port_id=port_id)
        try:
            self.driver.detach_interface(context, instance, vif)
        except exception.NotFound:
            LOG.info('Port %s was not plugged into %s', port_id,
                     instance.uuid)
        self.network.deallocate_port_for_instance(context, instance, port_id)
        LOG.info('Detached port %s from instance %s', port_id, instance.uuid)

    # -- events from the network service ---------------------------------------

    def network_changed(self, context, instance, port_id=None):
        if not self.enabled(context):
            return
        self.network.get_instance_nw_info(context, instance)
        LOG.info('Refreshed the network info cache of %s (port %s)',
                 instance.uuid, port_id)

    def vif_deleted(self, context, instance, port_id):
        if not self.enabled(context):
            return
        self.network.drop_vif_from_cache(context, instance, port_id)
        LOG.info('Port %s of instance %s was deleted', port_id,
                 instance.uuid)
