"""/os-assisted-volume-snapshots: Cinder's remotefs volume drivers (NFS
...) cannot snapshot a volume a running guest writes to, so they make
the new qcow2 file and ask Nova to switch the guest's disk onto it
(create), or to merge a snapshot's file back into the chain (delete).
A service user or an admin only; the work is cast to the compute host of
the server the volume is attached to, which reports to Cinder through
the snapshot's status.

Nova answers 200 with {"snapshot": {"id", "volumeId"}} to a create and
204 to a delete; every refusal is a 400 (no attached volume, a
multiattach volume, a server in a task or not on a host: Nova keeps 400
there rather than 409), a server gone meanwhile a 404.
"""
import pecan
from oslo_serialization import jsonutils

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api.schemas import assisted_volume_snapshots as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import assisted_volume_snapshots as policy

# Nova's answers: 400 for all that the compute API refuses.
_REFUSED = {
    exception.VolumeBDMIsMultiAttach: 400,
    exception.VolumeBDMNotFound: 400,
    exception.InstanceInvalidState: 400,
    exception.InstanceNotReady: 400,
}


@faults.answers(_REFUSED)
def create():
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.create)
    ctx.can(policy.POLICY_ROOT % 'create', target={})
    snapshot = body['snapshot']
    answer = base.compute_api().volume_snapshot_create(
        ctx, snapshot['volume_id'], snapshot['create_info'])
    return base.reply(answer)


def _delete_info(params):
    """The JSON of ?delete_info= as a dict with a volume_id (400 else)."""
    raw = params.get('delete_info')
    if raw is None:
        raise exception.ValidationError(
            detail="The query parameter 'delete_info' is required.")
    try:
        info = jsonutils.loads(raw)
    except ValueError as exc:
        raise exception.ValidationError(
            detail='delete_info is not valid JSON: %s' % exc)
    if not isinstance(info, dict) or 'volume_id' not in info:
        raise exception.ValidationError(
            detail="delete_info must be a JSON object with a 'volume_id'.")
    return info


@faults.answers(_REFUSED)
def delete(snapshot_id):
    ctx = base.context()
    params = pecan.request.GET
    validation.validate_query(params, schemas.DELETE_QUERY)
    ctx.can(policy.POLICY_ROOT % 'delete', target={})
    info = _delete_info(params)
    base.compute_api().volume_snapshot_delete(ctx, info['volume_id'],
                                              snapshot_id, info)
    return base.reply(status=204)


ASSISTED_VOLUME_SNAPSHOTS = routing.TopLevel(routing.Resource(
    collection={'POST': create}, item={'DELETE': delete}))
