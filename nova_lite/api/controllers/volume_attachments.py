"""/servers/{server_id}/os-volume_attachments: the server's volumes (its
volume BDMs), attach (reserved here, attached by the server's host),
update (2.85: delete_on_termination; swap: the block storage service
only, while it migrates the volume) and detach, as Nova answers them."""
import pecan
from oslo_utils import strutils

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import volume_attachments as schemas
from nova_lite.api import validation
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite.policies import volumes_attachments as policy

CHANGES = microversion.Changes({
    'shelved_attach': '2.20',        # attach/detach of shelved servers
    'tag_in_request': '2.49',
    'multiattach': '2.60',
    'tag_in_answer': '2.70',
    'delete_on_termination': '2.79',
    'update_attachment': '2.85',     # PUT changes delete_on_termination
    'attachment_ids': '2.89',        # attachment_id, bdm_uuid (no id)
    'async_attach': '2.101',         # 202 and no body
})
_SHELVED = (vm_states.SHELVED, vm_states.SHELVED_OFFLOADED)
_CREATE = microversion.ByVersion({('2.1', '2.48'): schemas.create,
                                  ('2.49', '2.78'): schemas.create_v249,
                                  ('2.79', None): schemas.create_v279})


def view(bdm, changes):
    """One attachment (Nova's _translate_attachment_detail_view)."""
    body = {}
    if 'attachment_ids' not in changes:
        body['id'] = bdm.volume_id
    body['volumeId'] = bdm.volume_id
    body['serverId'] = bdm.instance_uuid
    if bdm.device_name:
        body['device'] = bdm.device_name
    if 'tag_in_answer' in changes:
        body['tag'] = bdm.tag
    if 'delete_on_termination' in changes:
        body['delete_on_termination'] = bdm.delete_on_termination
    if 'attachment_ids' in changes:
        body['attachment_id'] = bdm.attachment_id
        body['bdm_uuid'] = bdm.uuid
    return body


def _not_attached(server_id, volume_id):
    return exception.NotFound('Instance %s is not attached to volume %s'
                              % (server_id, volume_id))


def _attached(ctx, instance, server_id, volume_id, changes):
    try:
        bdm = base.compute_api().volume_attachment(ctx, instance, volume_id)
    except exception.VolumeBDMNotFound:
        raise _not_attached(server_id, volume_id)
    if 'attachment_ids' in changes and bdm.attachment_id is None:
        raise _not_attached(server_id, volume_id)
    return bdm


def _check_shelved(instance, action, server_id, changes):
    """Before 2.20 a shelved server refuses volume changes (409)."""
    if instance.vm_state in _SHELVED and 'shelved_attach' not in changes:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=server_id, attr='vm_state',
            state=instance.vm_state)


def index(server_id):
    ctx = base.context()
    params = pecan.request.GET
    validation.validate_query(params, {'limit', 'offset'})
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'index')
    changes = CHANGES.current()
    bdms = base.limited(
        base.compute_api().volume_attachments(ctx, instance), params)
    return base.reply({'volumeAttachments': [
        view(bdm, changes) for bdm in bdms
        if not ('attachment_ids' in changes and bdm.attachment_id is None)]})


def show(server_id, volume_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'show')
    changes = CHANGES.current()
    bdm = _attached(ctx, instance, server_id, volume_id, changes)
    return base.reply({'volumeAttachment': view(bdm, changes)})


@faults.answers({
    exception.InstanceInvalidState: faults.conflict('attach_volume'),
    exception.ServiceUnavailable: 503,
})
def create(server_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, _CREATE.current())
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'create')
    changes = CHANGES.current()
    request = body['volumeAttachment']
    volume_id = request['volumeId']
    delete_on_termination = strutils.bool_from_string(
        request.get('delete_on_termination', False), strict=True)
    _check_shelved(instance, 'attach_volume', server_id, changes)
    bdm = base.compute_api().attach_volume(
        ctx, instance, volume_id, device=request.get('device'),
        tag=request.get('tag'),
        supports_multiattach='multiattach' in changes,
        delete_on_termination=delete_on_termination)
    if 'async_attach' in changes:
        return base.reply(status=202)
    attachment = {'id': volume_id, 'serverId': server_id,
                  'volumeId': volume_id, 'device': bdm.device_name}
    if 'tag_in_answer' in changes:
        attachment['tag'] = request.get('tag')
    if 'delete_on_termination' in changes:
        attachment['delete_on_termination'] = delete_on_termination
    return base.reply({'volumeAttachment': attachment})


def _swap(ctx, instance, volume_id, new_volume_id):
    volume_api = base.compute_api().volumes.volume_api
    old = volume_api.get(ctx, volume_id)
    if not old.get('migration_status'):
        raise exception.Conflict(
            'volume %s is not migrating; this API should only be called by '
            'Cinder' % volume_id)
    try:
        volume_api.get(ctx, new_volume_id)
    except exception.VolumeNotFound as exc:
        # In the body, not the path: a bad request.
        raise exception.InvalidInput(reason=exc.format_message())
    bdm = base.compute_api().volume_attachment(ctx, instance, volume_id)
    base.compute_api().swap_volume(ctx, instance, bdm, new_volume_id)


def _update_fields(ctx, instance, volume_id, request):
    """2.85: delete_on_termination changes; the other fields must be what
    they are."""
    bdm = base.compute_api().volume_attachment(ctx, instance, volume_id)
    for key, current in (('id', volume_id), ('serverId', instance.uuid),
                         ('device', bdm.device_name), ('tag', bdm.tag)):
        if key in request and request[key] != current:
            raise exception.ValidationError(
                detail='The %s property is not mutable' % key)
    if 'delete_on_termination' in request:
        base.compute_api().update_volume_attachment(
            ctx, instance, bdm, strutils.bool_from_string(
                request['delete_on_termination'], strict=True))


@faults.answers({
    exception.InstanceInvalidState: faults.conflict('swap_volume'),
})
def update(server_id, volume_id):
    ctx = base.context()
    body = base.body()
    changes = CHANGES.current()
    only_swap = 'update_attachment' not in changes
    validation.validate(body, schemas.update if only_swap
                        else schemas.update_v285)
    instance = base.compute_api().get(ctx, server_id)
    new_volume_id = body['volumeAttachment']['volumeId']
    if only_swap or new_volume_id != volume_id:
        ctx.can(policy.POLICY_ROOT % 'swap', {})
    else:
        ctx.can(policy.POLICY_ROOT % 'update',
                {'project_id': instance.project_id})
    if not only_swap:
        _update_fields(ctx, instance, volume_id, body['volumeAttachment'])
    if only_swap or new_volume_id != volume_id:
        _swap(ctx, instance, volume_id, new_volume_id)
    return base.reply(status=202)


@faults.answers({
    exception.InstanceInvalidState: faults.conflict('detach_volume'),
})
def delete(server_id, volume_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'delete')
    changes = CHANGES.current()
    _check_shelved(instance, 'detach_volume', server_id, changes)
    base.compute_api().volumes.volume_api.get(ctx, volume_id)
    try:
        bdm = base.compute_api().volume_attachment(ctx, instance, volume_id)
    except exception.VolumeBDMNotFound:
        raise _not_attached(server_id, volume_id)
    if bdm.is_root:
        raise exception.ValidationError(
            detail='Cannot detach a root device volume')
    base.compute_api().detach_volume(ctx, instance, bdm)
    return base.reply(status=202)


server_subresources.register('os-volume_attachments', routing.Resource(
    collection={'GET': index, 'POST': create},
    item={'GET': show, 'PUT': update, 'DELETE': delete}))
