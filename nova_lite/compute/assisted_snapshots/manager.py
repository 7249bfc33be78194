"""Cinder's assisted volume snapshots on the compute host (Nova's
compute manager volume_snapshot_create / volume_snapshot_delete and the
libvirt driver's status reports).

The driver moves the guest's disk onto Cinder's new file (create) or
merges a snapshot's file away (delete); then Cinder hears the outcome
through the snapshot's status, which its driver polls: 'creating' or
'deleting' with progress 90% when Nova's part is done, 'error' or
'error_deleting' when it failed (Cinder would otherwise wait for its
timeout). After a create the compute waits for Cinder to finish (the
snapshot no longer 'creating') and takes the volume's connection info
anew from its attachment: Cinder points it at the new file (qcow2), so a
later restart of the guest opens that one. A status Cinder cannot take is
logged, never raised: the callers cast.
"""
import time

from oslo_log import log as logging

from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)
POLL = 0.5
# Cinder's own limit for the create of an assisted snapshot.
CREATE_WAIT = 600


class AssistedSnapshots(object):
    """guests: the host's HostGuests; volumes: the host's VolumesManager
    (its Cinder client)."""

    def __init__(self, guests, volumes):
        self.guests = guests
        self.volumes = volumes

    @property
    def driver(self):
        return self.guests.driver

    @property
    def volume_api(self):
        return self.volumes.volume_api

    def _report(self, context, snapshot_id, status):
        try:
            self.volume_api.update_snapshot_status(context, snapshot_id,
                                                   status)
        except Exception:
            LOG.exception('Could not tell the block storage service that '
                          'snapshot %s is %s', snapshot_id, status)

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        snapshot_id = create_info.get('snapshot_id')
        try:
            self.driver.volume_snapshot_create(context, instance, volume_id,
                                               create_info)
        except Exception:
            LOG.exception('Assisted snapshot %s of volume %s of instance %s '
                          'failed', snapshot_id, volume_id, instance.uuid)
            self._report(context, snapshot_id, 'error')
            return
        self._report(context, snapshot_id, 'creating')
        if self._wait_created(context, snapshot_id):
            self._refresh_connection_info(context, instance, volume_id)

    def _wait_created(self, context, snapshot_id):
        """Until Cinder finished the snapshot (True) or gave up."""
        deadline = time.monotonic() + CREATE_WAIT
        while True:
            try:
                status = self.volume_api.get_snapshot(
                    context, snapshot_id).get('status')
            except exception.SnapshotNotFound:
                LOG.warning('Snapshot %s is gone before it was made',
                            snapshot_id)
                return False
            if status != 'creating':
                LOG.info('Snapshot %s is %s', snapshot_id, status)
                return True
            if time.monotonic() >= deadline:
                LOG.warning('Snapshot %s still creating after %s s',
                            snapshot_id, CREATE_WAIT)
                return False
            time.sleep(POLL)

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        try:
            self.driver.volume_snapshot_delete(context, instance, volume_id,
                                               snapshot_id, delete_info)
        except Exception:
            LOG.exception('Assisted delete of snapshot %s of volume %s of '
                          'instance %s failed', snapshot_id, volume_id,
                          instance.uuid)
            self._report(context, snapshot_id, 'error_deleting')
            return
        self._report(context, snapshot_id, 'deleting')
        self._refresh_connection_info(context, instance, volume_id)

    def _refresh_connection_info(self, context, instance, volume_id):
        """The mapping's connection info as Cinder's attachment has it
        now (Nova's refresh_connection_info)."""
        try:
            bdm = objects.BlockDeviceMapping.get_by_volume_and_instance(
                context, volume_id, instance.uuid)
            if not bdm.attachment_id:
                return
            attachment = self.volume_api.attachment_get(context,
                                                        bdm.attachment_id)
            info = dict(attachment['connection_info'] or {})
            if not info:
                return
            info['serial'] = volume_id
            bdm.set_connection_info(info)
            bdm.save()
        except Exception:
            LOG.exception('Could not refresh the connection info of volume '
                          '%s of instance %s', volume_id, instance.uuid)
            return
        LOG.info('Connection info of volume %s of instance %s refreshed '
                 '(%s)', volume_id, instance.uuid,
                 (info.get('data') or {}).get('name'))
