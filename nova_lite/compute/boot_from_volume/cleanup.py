"""Letting go of a server's volumes in Cinder, quietly: what deletes and
failed builds and creates do wherever they run (compute host, API,
conductor). Nothing here raises: a volume or attachment already gone is
what was wanted, and any other failure is logged (the server's delete
or ERROR must not wait on Cinder)."""
from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

_GONE = (exception.VolumeAttachmentNotFound, exception.VolumeNotFound)


def delete_attachment(volume_api, context, attachment_id, volume_id=None):
    """Delete one attachment (the volume goes back to "available" when it
    was its last); True unless it failed."""
    try:
        volume_api.attachment_delete(context, attachment_id)
    except _GONE as exc:
        LOG.debug('Attachment %s already gone: %s', attachment_id, exc)
    except Exception as exc:
        LOG.warning('Could not delete attachment %s of volume %s: %s',
                    attachment_id, volume_id, exc)
        return False
    return True


def delete_volume(volume_api, context, volume_id):
    """Delete one volume; True unless it failed."""
    try:
        volume_api.delete(context, volume_id)
    except exception.VolumeNotFound:
        pass
    except Exception as exc:
        LOG.warning('Could not delete volume %s: %s', volume_id, exc)
        return False
    return True


def release_volumes(volume_api, context, instance_uuid, bdms):
    """Detach every volume mapping of a server (`bdms`: BDM objects),
    then delete the volumes marked delete_on_termination. Returns the
    mappings whose volume was deleted."""
    volume_bdms = [bdm for bdm in bdms if bdm.destination_type == 'volume']
    for bdm in volume_bdms:
        if bdm.attachment_id and delete_attachment(
                volume_api, context, bdm.attachment_id, bdm.volume_id):
            LOG.info('Volume %s detached from instance %s', bdm.volume_id,
                     instance_uuid)
    deleted = []
    for bdm in volume_bdms:
        if bdm.volume_id and bdm.delete_on_termination and \
                delete_volume(volume_api, context, bdm.volume_id):
            LOG.info('Volume %s of instance %s deleted '
                     '(delete_on_termination)', bdm.volume_id, instance_uuid)
            deleted.append(bdm)
    return deleted
