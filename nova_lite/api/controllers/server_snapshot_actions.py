"""POST /servers/{id}/action: createImage and createBackup.

Both answer 202 at once with the queued image's id while the compute host
uploads the server's disk: before 2.45 as a `Location` header (Glance's
URL of the image for createImage; the compute API's /images URL for
createBackup, and none when its rotation is 0), from 2.45 as a body
{"image_id": ...}. Up to 2.38 the metadata counts against the
metadata_items quota (403), as in Nova. ACTIONS is merged into
server_actions.ACTIONS.
"""
import pecan

from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_state_actions
from nova_lite.api.schemas import server_snapshots as schemas
from nova_lite.api import validation
from nova_lite.api.views import links
from nova_lite.compute import quotas
from nova_lite import exception
from nova_lite.policies import server_snapshots as policies

# From 2.39 the image metadata is no longer checked against quota.
MAX_IMAGE_META_PROXY_VERSION = '2.38'


def _instance(ctx, server_id, rule):
    instance = base.compute_api().get(ctx, server_id)
    ctx.can(rule, {'project_id': instance.project_id})
    return instance


def _check_metadata_quota(ctx, metadata):
    if base.at_least('2.39'):
        return
    try:
        quotas.check_metadata_items(ctx, metadata)
    except exception.MetadataLimitExceeded:
        raise exception.OverQuota(message='Image metadata limit exceeded')


def _take_snapshot(action, server_id, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except exception.InstanceInvalidState as exc:
        raise server_state_actions.conflict(exc, action, server_id)
    except exception.Invalid as exc:
        raise exception.ValidationError(detail=exc.format_message())


def _accepted(image_id, location=None):
    if base.at_least('2.45'):
        return base.reply({'image_id': image_id}, status=202)
    headers = {'Location': location} if location else None
    return base.reply(status=202, headers=headers)


def create_image(ctx, server_id, body):
    validation.validate(body, schemas.create_image)
    instance = _instance(ctx, server_id, policies.CREATE_IMAGE)
    args = body['createImage']
    metadata = args.get('metadata', {})
    _check_metadata_quota(ctx, metadata)
    api = base.compute_api()
    image = _take_snapshot('createImage', server_id, api.snapshot, ctx,
                           instance, args['name'].strip(),
                           extra_properties=metadata)
    location = None
    if not base.at_least('2.45'):
        location = api.image_api.image_url(ctx, image['id']) or \
            links.self_href(pecan.request, 'images', image['id'])
    return _accepted(image['id'], location)


def create_backup(ctx, server_id, body):
    validation.validate(body, schemas.create_backup)
    instance = _instance(ctx, server_id, policies.CREATE_BACKUP)
    args = body['createBackup']
    rotation = int(args['rotation'])
    metadata = args.get('metadata', {})
    _check_metadata_quota(ctx, metadata)
    image = _take_snapshot('createBackup', server_id,
                           base.compute_api().backup, ctx, instance,
                           args['name'].strip(), args['backup_type'],
                           rotation, extra_properties=metadata)
    location = None
    if rotation > 0:
        location = links.self_href(pecan.request, 'images', image['id'])
    return _accepted(image['id'], location)


ACTIONS = {
    'createImage': create_image,
    'createBackup': create_backup,
}
