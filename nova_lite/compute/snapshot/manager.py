"""The compute host's part of snapshots and backups (createImage,
createBackup): the virt driver writes the guest's root disk into the
queued image the compute API created, then backups are rotated.

``snapshot_to_image`` is the step shelve shares: it has the driver upload
the guest's root disk into the queued image `image_id`, moving the
instance's task_state through `task_state_steps` (current,
pending_upload, uploading) — SNAPSHOT_TASK_STATES, BACKUP_TASK_STATES or
the shelving ones — each save with expected_task_state as Nova does (so a
delete in between stops it with UnexpectedDeletingTaskStateError). It
leaves task_state at `uploading` for the caller to finish, and raises what
failed without deleting the image (``delete_image_quietly`` does).
"""
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import host_operations
from nova_lite.compute import task_states
from nova_lite import exception
from nova_lite import notifications

LOG = logging.getLogger(__name__)

SNAPSHOT_TASK_STATES = (task_states.IMAGE_SNAPSHOT,
                        task_states.IMAGE_PENDING_UPLOAD,
                        task_states.IMAGE_UPLOADING)
BACKUP_TASK_STATES = (task_states.IMAGE_BACKUP,
                      task_states.IMAGE_PENDING_UPLOAD,
                      task_states.IMAGE_UPLOADING)


class SnapshotManager(object):
    """guests: the HostGuests of this host; image_api: where images go."""

    def __init__(self, guests, image_api):
        self.guests = guests
        self.host = guests.host
        self.driver = guests.driver
        self.image_api = image_api

    # -- RPC operations -----------------------------------------------------

    def snapshot_instance(self, context, instance, image_id):
        """createImage: image_snapshot_pending -> image_snapshot ->
        image_pending_upload -> image_uploading -> None."""
        try:
            instance.task_state = task_states.IMAGE_SNAPSHOT
            instance.save(
                expected_task_state=[task_states.IMAGE_SNAPSHOT_PENDING])
        except host_operations.GONE:
            LOG.info('Instance %s went away before its snapshot started',
                     instance.uuid)
            self.delete_image_quietly(context, image_id)
            return
        self._snapshot(context, instance, image_id, SNAPSHOT_TASK_STATES)

    @host_operations.instance_operation('backup_instance')
    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        """createBackup: a snapshot (image_backup -> image_pending_upload
        -> image_uploading -> None), then only the newest `rotation`
        backups of this server and backup_type are kept."""
        self._upload_and_finish(context, instance, image_id,
                                BACKUP_TASK_STATES)
        self._rotate_backups(context, instance, backup_type, rotation)

    @host_operations.instance_operation('snapshot_instance')
    def _snapshot(self, context, instance, image_id, steps):
        self._upload_and_finish(context, instance, image_id, steps)

    # -- the step shelve shares ---------------------------------------------

    def snapshot_to_image(self, context, instance, image_id,
                          task_state_steps):
        """Upload the guest's root disk into `image_id`; see the module
        docstring."""
        current, pending_upload, uploading = task_state_steps
        # The driver names Nova's generic steps; map them to ours.
        steps = {task_states.IMAGE_PENDING_UPLOAD: pending_upload,
                 task_states.IMAGE_UPLOADING: uploading,
                 current: current}

        def update_task_state(task_state, expected_state=current):
            instance.task_state = steps.get(task_state, task_state)
            instance.save(expected_task_state=[
                steps.get(expected_state, expected_state)])
            LOG.info('Instance %s %s (image %s)', instance.uuid,
                     instance.task_state, image_id)

        started = timeutils.utcnow()
        self.driver.snapshot(context, instance, image_id, update_task_state)
        LOG.info('Instance %s snapshot into image %s took %.2f s on the '
                 'hypervisor', instance.uuid, image_id,
                 timeutils.delta_seconds(started, timeutils.utcnow()))

    def delete_image_quietly(self, context, image_id):
        try:
            self.image_api.delete(context, image_id)
            LOG.info('Deleted image %s', image_id)
        except exception.ImageNotFound:
            pass
        except Exception:
            LOG.exception('Could not delete image %s', image_id)

    # -- helpers --------------------------------------------------------------

    def _upload_and_finish(self, context, instance, image_id, steps):
        """The snapshot with its notifications. On failure the image goes
        (unless the server went away after the upload completed)."""
        try:
            instance.power_state = self.guests.power_state(instance)
            instance.save()
            notifications.notify_about_instance_snapshot(
                context, instance, self.host, 'start', image_id)
            self.snapshot_to_image(context, instance, image_id, steps)
            instance.task_state = None
            instance.save(expected_task_state=[steps[2]])
            notifications.notify_about_instance_snapshot(
                context, instance, self.host, 'end', image_id)
        except host_operations.GONE:
            self._delete_unfinished_image(context, image_id)
            raise
        except Exception:
            self.delete_image_quietly(context, image_id)
            raise
        LOG.info('Instance %s snapshot into image %s done (request %s)',
                 instance.uuid, image_id, context.request_id)

    def _delete_unfinished_image(self, context, image_id):
        """After the server went away: drop the image unless its upload
        had completed (as Nova does)."""
        try:
            image = self.image_api.get(context, image_id)
        except exception.ImageNotFound:
            return
        except Exception:
            LOG.exception('Could not look up image %s', image_id)
            return
        if image.get('status') != 'active':
            self.delete_image_quietly(context, image_id)

    def _rotate_backups(self, context, instance, backup_type, rotation):
        """Delete the oldest backups of `instance` and `backup_type` beyond
        the newest `rotation` (0 deletes them all, the new one too)."""
        filters = {'image_type': 'backup', 'backup_type': backup_type,
                   'instance_uuid': instance.uuid}
        try:
            images = self.image_api.list(context, filters,
                                         sort_key='created_at',
                                         sort_dir='desc')
        except Exception:
            LOG.exception('Could not list the %s backups of %s', backup_type,
                          instance.uuid)
            return
        excess = images[rotation:]
        LOG.info('Instance %s has %d %s backups, rotation %d: deleting %d',
                 instance.uuid, len(images), backup_type, rotation,
                 len(excess))
        for image in excess:
            self.delete_image_quietly(context, image['id'])
