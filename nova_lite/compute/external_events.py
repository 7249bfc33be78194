"""External events (Neutron, Cinder, Ironic, Cyborg) about this host's
instances, routed to what they concern: network-vif-plugged/-unplugged
wake whoever waits for them (InstanceEvents), network-changed refreshes
the info cache, network-vif-deleted drops the VIF from it, power-update
records Ironic's power change, volume-extended tells the guest its volume
grew."""
from oslo_log import log as logging

from nova_lite.compute import host_operations
from nova_lite.compute import power_state
from nova_lite.compute import vm_states
from nova_lite import notifications

LOG = logging.getLogger(__name__)

POWER_TAGS = {'POWER_ON': power_state.RUNNING,
              'POWER_OFF': power_state.SHUTDOWN}
WAITABLE = ('network-vif-plugged', 'network-vif-unplugged')


class ExternalEvents(object):
    """guests: the HostGuests of this host; events: its InstanceEvents;
    networks: its InstanceNetworks (compute.network.manager); volumes:
    its VolumesManager (compute.volumes.manager)."""

    def __init__(self, guests, events, networks, volumes=None):
        self.guests = guests
        self.host = guests.host
        self.driver = guests.driver
        self.events = events
        self.networks = networks
        self.volumes = volumes

    def external_instance_event(self, context, instances, events):
        """events: dicts {name, tag, status, server_uuid}."""
        by_uuid = {i.uuid: i for i in instances}
        for event in events:
            instance = by_uuid.get(event.get('server_uuid'))
            if instance is None:
                continue
            try:
                self._process_event(context, instance, event)
            except host_operations.GONE:
                LOG.info('Instance %s went away before event %s',
                         instance.uuid, event.get('name'))
            except Exception:
                LOG.exception('Event %s for instance %s failed',
                              event.get('name'), instance.uuid)

    def _process_event(self, context, instance, event):
        name, tag = event.get('name'), event.get('tag')
        status = event.get('status', 'completed')
        LOG.info('Received event %s:%s (%s) for instance %s', name, tag,
                 status, instance.uuid)
        if name == 'power-update':
            self._power_update(context, instance, tag)
        elif name in WAITABLE:
            waiter = self.events.pop_instance_event(instance, name, tag)
            if waiter is None:
                LOG.debug('Nobody waits for %s:%s of %s', name, tag,
                          instance.uuid)
            else:
                waiter.set(status)
        elif name == 'network-changed':
            self.networks.network_changed(context, instance, tag)
        elif name == 'network-vif-deleted':
            self.networks.vif_deleted(context, instance, tag)
        elif name == 'volume-extended' and self.volumes is not None:
            self.volumes.extend_volume(context, instance, tag)
        # volume-reimaged, accelerator-request-bound: no operation in
        # nova_lite waits for them; they are logged only.

    def _power_update(self, context, instance, tag):
        """Ironic says the machine's power changed outside Nova: record
        the new power state (and vm_state) as Nova does."""
        target = POWER_TAGS.get(tag)
        if target is None:
            LOG.error('Invalid power-update tag %s for instance %s', tag,
                      instance.uuid)
            return
        instance.refresh()
        if instance.task_state is not None:
            LOG.info('Ignoring power-update %s of %s: task_state is %s',
                     tag, instance.uuid, instance.task_state)
            return
        if instance.power_state == target:
            LOG.debug('power-update %s of %s: already in that state', tag,
                      instance.uuid)
            return
        action = 'power_on' if target == power_state.RUNNING \
            else 'power_off'
        notifications.notify_about_instance_action(
            context, instance, self.host, action, 'start')
        instance.power_state = target
        instance.vm_state = (vm_states.ACTIVE if target == power_state.RUNNING
                             else vm_states.STOPPED)
        instance.save(expected_task_state=[None])
        try:
            self.driver.power_update_event(instance, tag)
        except NotImplementedError:
            pass
        notifications.notify_about_instance_action(
            context, instance, self.host, action, 'end')
