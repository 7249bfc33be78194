"""Compute RPC client methods of server snapshots and backups.

Mixed into nova_lite.compute.rpcapi.ComputeAPI (which provides _host).
"""


class SnapshotRPCMixin(object):

    def snapshot_instance(self, context, instance, image_id):
        self._host(instance.host).cast(context, 'snapshot_instance',
                                       instance=instance, image_id=image_id)

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        self._host(instance.host).cast(context, 'backup_instance',
                                       instance=instance, image_id=image_id,
                                       backup_type=backup_type,
                                       rotation=rotation)
