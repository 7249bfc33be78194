"""The compute API side of Cinder's assisted volume snapshots (Nova's
volume_snapshot_create / volume_snapshot_delete): the server is the one
the volume is attached to (its block device mapping), which must be on a
host with no task under way, in any vm_state; the work is cast to that
host (compute RPC 1.5)."""
from oslo_log import log as logging

from nova_lite.compute import guards
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)


class AssistedSnapshotsAPI(object):
    def __init__(self, compute_rpcapi):
        self.compute_rpcapi = compute_rpcapi

    @staticmethod
    def _instance_of(context, volume_id):
        """The server of the volume's only mapping (VolumeBDMNotFound,
        VolumeBDMIsMultiAttach). The caller is a service of another
        project: read as admin."""
        admin = context.elevated()
        bdm = objects.BlockDeviceMapping.get_by_volume(admin, volume_id)
        return objects.Instance.get_by_uuid(admin, bdm.instance_uuid)

    def volume_snapshot_create(self, context, volume_id, create_info):
        """Nova's answer body {'snapshot': {'id', 'volumeId'}}."""
        instance = self._instance_of(context, volume_id)
        self._create(context, instance, volume_id, create_info)
        return {'snapshot': {'id': create_info.get('id'),
                             'volumeId': volume_id}}

    @guards.check_instance_host
    @guards.check_instance_state(vm_state=None,
                                 action='volume_snapshot_create')
    def _create(self, context, instance, volume_id, create_info):
        LOG.info('Assisted snapshot %s of volume %s asked of instance %s '
                 'on %s (request %s)', create_info.get('snapshot_id'),
                 volume_id, instance.uuid, instance.host,
                 context.request_id)
        self.compute_rpcapi.volume_snapshot_create(context, instance,
                                                   volume_id, create_info)

    def volume_snapshot_delete(self, context, volume_id, snapshot_id,
                               delete_info):
        instance = self._instance_of(context, volume_id)
        self._delete(context, instance, volume_id, snapshot_id, delete_info)

    @guards.check_instance_host
    @guards.check_instance_state(vm_state=None,
                                 action='volume_snapshot_delete')
    def _delete(self, context, instance, volume_id, snapshot_id,
                delete_info):
        # As Nova (bug 1919487): a commit into an older file of a guest
        # that is not running is not done by the driver; refused here.
        if delete_info.get('merge_target_file') is not None and \
                instance.vm_state != vm_states.ACTIVE:
            raise exception.InstanceInvalidState(
                action='volume_snapshot_delete', instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        LOG.info('Assisted delete of snapshot %s of volume %s asked of '
                 'instance %s on %s (request %s)', snapshot_id, volume_id,
                 instance.uuid, instance.host, context.request_id)
        self.compute_rpcapi.volume_snapshot_delete(
            context, instance, volume_id, snapshot_id, delete_info)
