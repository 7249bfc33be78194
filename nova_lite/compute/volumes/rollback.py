"""The one way a volume's mapping is let go of, on the API's side (a
refused reservation) and the host's (a failed attach, a detach): its
Cinder attachment deleted, so the volume is 'available' again, then the
BDM."""
from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)


def forget(volume_api, context, bdm):
    attachment_id = (bdm.attachment_id if bdm.obj_attr_is_set(
        'attachment_id') else None)
    if attachment_id:
        try:
            volume_api.attachment_delete(context, attachment_id)
        except Exception:
            LOG.exception('Could not delete attachment %s of volume %s',
                          attachment_id, bdm.volume_id)
    try:
        bdm.destroy()
    except exception.NotFound:
        pass
