"""The compute API's deletes: delete and force delete, the soft delete
DELETE /servers/{id} makes when [DEFAULT] reclaim_instance_interval is set,
and restore. A server whose host is gone (or that never had one) is
deleted here; its compute reaps the guest when it comes back."""
from oslo_log import log as logging

from nova_lite.compute.boot_from_volume import cleanup as bfv_cleanup
from nova_lite.compute.boot_from_volume import volume_api as volume_api_mod
from nova_lite.compute import guards
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class DeleteAPI(object):
    """compute_rpcapi: the compute RPC client;
    confirm_resize_on_deleting(context, instance) and
    delete_shelved_image(context, instance): what a delete of a server
    in VERIFY_RESIZE, or shelved, does first."""

    def __init__(self, compute_rpcapi, confirm_resize_on_deleting,
                 delete_shelved_image, volume_api=None):
        self.compute_rpcapi = compute_rpcapi
        self.confirm_resize_on_deleting = confirm_resize_on_deleting
        self.delete_shelved_image = delete_shelved_image
        self.volume_api = volume_api or volume_api_mod.LazyVolumeAPI()

    @guards.check_instance_lock
    def delete(self, context, instance):
        compute_utils.start_action(context, instance, 'delete')
        self.delete_shelved_image(context, instance)
        host_up = bool(instance.host) and compute_utils.compute_is_up(
            context, instance.host)
        if instance.task_state == task_states.DELETING and host_up:
            return
        if not host_up:
            self._local_delete(context, instance)
            return
        if instance.vm_state == vm_states.RESIZED:
            self.confirm_resize_on_deleting(context, instance)
        instance.task_state = task_states.DELETING
        instance.save()
        LOG.info('Instance %s deleting (request %s)', instance.uuid,
                 context.request_id)
        self.compute_rpcapi.terminate_instance(context, instance)

    def force_delete(self, context, instance):
        return self.delete(context, instance)

    @guards.check_instance_lock
    @guards.check_instance_state(action='force_delete')
    def force_delete_checked(self, context, instance):
        return self.delete(context, instance)

    @guards.check_instance_lock
    def soft_delete_or_delete(self, context, instance):
        """DELETE /servers/{id}: soft-delete when reclaim_instance_interval
        is set and the server ran on a host that is up; delete otherwise."""
        if (CONF.reclaim_instance_interval <= 0 or
                instance.vm_state == vm_states.SOFT_DELETED or
                not instance.launched_at or not instance.host or
                instance.task_state is not None or
                not compute_utils.compute_is_up(context, instance.host)):
            return self.delete(context, instance)
        compute_utils.cast_with_task_state(
            context, instance, 'delete', task_states.SOFT_DELETING,
            self.compute_rpcapi.soft_delete_instance)

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=[vm_states.SOFT_DELETED])
    def restore(self, context, instance):
        if instance.host and compute_utils.compute_is_up(context,
                                                         instance.host):
            compute_utils.cast_with_task_state(
                context, instance, 'restore', task_states.RESTORING,
                self.compute_rpcapi.restore_instance)
            return
        compute_utils.start_action(context, instance, 'restore')
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.save()
        objects.InstanceAction.action_finish(context, instance.uuid)

    def _local_delete(self, context, instance):
        """Delete without a compute host (never scheduled, or host down).
        A compute that comes back reaps the guest it no longer owns."""
        notifications.notify_about_instance_action(
            context, instance, CONF.host, 'delete', 'start',
            binary='nova-api')
        # Its volumes detached here, those marked delete_on_termination
        # deleted, as the compute would have.
        bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid)
        bfv_cleanup.release_volumes(self.volume_api, context, instance.uuid,
                                    bdms)
        try:
            instance.destroy()
        except exception.InstanceNotFound:
            pass
        objects.Allocation.release(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, CONF.host, 'delete', 'end', binary='nova-api')
        LOG.info('Instance %s deleted locally (request %s)', instance.uuid,
                 context.request_id)
