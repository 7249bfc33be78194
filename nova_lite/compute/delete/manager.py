"""The compute host's part of deletes: terminate, soft delete and restore,
and the periodic reclaim of soft-deleted servers."""
import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import consoles
from nova_lite.compute import host_operations
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

operation = host_operations.instance_operation


class DeleteManager(object):
    """guests: the HostGuests of this host;
    release_migration_claims(context, instance): drops the claims of an
    unfinished move of a deleted instance."""

    def __init__(self, guests, release_migration_claims, networks=None,
                 boot_volumes=None):
        self.guests = guests
        self.networks = networks
        # The server's volumes (nova_lite.compute.boot_from_volume).
        self.boot_volumes = boot_volumes
        self.host = guests.host
        self.driver = guests.driver
        self.release_migration_claims = release_migration_claims

    def terminate_instance(self, context, instance):
        with compute_utils.ActionEvent(context, instance,
                                       'compute_terminate_instance',
                                       self.host):
            self.delete_instance(context, instance)

    def delete_instance(self, context, instance):
        """Destroy the guest and the instance with its claims and console
        tokens (an instance whose guest will not go is ERROR)."""
        notifications.notify_about_instance_action(
            context, instance, self.host, 'delete', 'start')
        network_info = None
        if self.networks is not None:
            try:
                network_info = self.networks.network_info(context, instance)
            except Exception:
                LOG.exception('Could not read the network info of %s',
                              instance.uuid)
        bdms = self.boot_volumes.mappings(context, instance)
        try:
            self.driver.destroy(
                context, instance, network_info=network_info or None,
                block_device_info=self.boot_volumes.block_device_info(
                    instance, bdms))
        except exception.InstanceNotFound:
            pass
        except Exception as exc:
            LOG.exception('Destroy of %s failed', instance.uuid)
            compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                      self.host)
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            instance.save()
            return
        # The guest is gone, so are its resources: free them before the
        # record, so no one sees the server gone and the host still full.
        if self.networks is not None:
            self.networks.deallocate(context, instance)
        # Every volume detached, those marked delete_on_termination gone.
        self.boot_volumes.release(context, instance, bdms)
        objects.Allocation.release(context, instance.uuid)
        self.release_migration_claims(context, instance)
        try:
            instance.destroy()
        except exception.InstanceNotFound:
            pass
        consoles.clean_tokens_for_instance(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, self.host, 'delete', 'end')
        LOG.info('Instance %s deleted from %s (request %s)', instance.uuid,
                 self.host, context.request_id)

    @operation('soft_delete_instance')
    def soft_delete_instance(self, context, instance):
        self.driver.soft_delete(instance)
        self.guests.settle(instance, vm_states.SOFT_DELETED,
                           task_states.SOFT_DELETING)

    @operation('restore_instance')
    def restore_instance(self, context, instance):
        self.driver.restore(instance)
        self.guests.settle(instance, vm_states.ACTIVE, task_states.RESTORING)

    def reclaim_queued_deletes(self, context):
        """Delete the soft-deleted servers of this host older than
        [DEFAULT] reclaim_instance_interval."""
        interval = CONF.reclaim_instance_interval
        if interval <= 0:
            return
        instances = self.guests.at_rest_in(context, vm_states.SOFT_DELETED)
        cutoff = timeutils.utcnow().replace(tzinfo=None) - \
            datetime.timedelta(seconds=interval)
        for instance in instances:
            since = instance.updated_at or instance.created_at
            if since is not None and since.replace(tzinfo=None) > cutoff:
                continue
            LOG.info('Reclaiming soft-deleted instance %s', instance.uuid)
            try:
                self.delete_instance(context, instance)
            except Exception:
                LOG.exception('Reclaiming instance %s failed', instance.uuid)
