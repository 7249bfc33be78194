"""A rescheduled build's volumes (the conductor's part, Nova's
_validate_existing_attachment_ids): the host that gave the build back
deleted its attachments, so each volume is reserved again for the next
host with a new attachment."""
from oslo_log import log as logging

from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)


def renew_attachments(volume_api, context, instance_uuid):
    """Give every volume mapping of the instance whose attachment is gone
    a new one (saved in the mapping)."""
    bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
        context, instance_uuid)
    for bdm in bdms:
        if not (bdm.is_volume and bdm.attachment_id):
            continue
        try:
            volume_api.attachment_get(context, bdm.attachment_id)
            continue
        except exception.VolumeAttachmentNotFound:
            pass
        bdm.attachment_id = volume_api.attachment_create(
            context, bdm.volume_id, instance_uuid)['id']
        bdm.save()
        LOG.info('Volume %s reserved again for instance %s (attachment %s)',
                 bdm.volume_id, instance_uuid, bdm.attachment_id)
