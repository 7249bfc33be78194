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
from nova_lite.api.controllers import server_lookup
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import server_snapshots as schemas
from nova_lite.api import validation
from nova_lite.api.views import links
from nova_lite.api.views import server_snapshots as views
from nova_lite.compute.boot_from_volume import image_operations as \
    bfv_images
from nova_lite.compute import quotas
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import server_snapshots as policies

CHANGES = microversion.Changes({
    # Up to 2.38 the image metadata counts against the quota.
    'metadata_quota': (None, '2.38'),
    # From 2.45 the image id is in the body, no more a Location header.
    'image_id_in_body': '2.45',
})


def _instance(ctx, server_id, rule):
    return server_lookup.instance_for(ctx, server_id, rule)


@faults.answers({exception.MetadataLimitExceeded:
                 (403, 'Image metadata limit exceeded')})
def _check_metadata_quota(ctx, metadata):
    if 'metadata_quota' in CHANGES.current():
        quotas.check_metadata_items(ctx, metadata)


def _errors(action):
    return faults.answers({
        exception.InstanceInvalidState: faults.conflict(action),
        exception.Invalid: 400})


@_errors('createImage')
def create_image(ctx, server_id, body):
    validation.validate(body, schemas.create_image)
    instance = _instance(ctx, server_id, policies.CREATE_IMAGE)
    args = body['createImage']
    metadata = args.get('metadata', {})
    _check_metadata_quota(ctx, metadata)
    api = base.compute_api()
    bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
        ctx, instance.uuid)
    if bfv_images.is_volume_backed(instance, bdms):
        ctx.can(policies.CREATE_IMAGE_VOLUME_BACKED,
                {'project_id': instance.project_id})
        image = api.snapshot_volume_backed(ctx, instance,
                                           args['name'].strip(),
                                           extra_properties=metadata)
    else:
        image = api.snapshot(ctx, instance, args['name'].strip(),
                             extra_properties=metadata)
    if 'image_id_in_body' in CHANGES.current():
        return base.reply(views.accepted(image['id']), status=202)
    location = api.image_api.image_url(ctx, image['id']) or \
        links.self_href(pecan.request, 'images', image['id'])
    return base.reply(status=202, headers={'Location': location})


@_errors('createBackup')
def create_backup(ctx, server_id, body):
    validation.validate(body, schemas.create_backup)
    instance = _instance(ctx, server_id, policies.CREATE_BACKUP)
    args = body['createBackup']
    rotation = int(args['rotation'])
    metadata = args.get('metadata', {})
    _check_metadata_quota(ctx, metadata)
    image = base.compute_api().backup(
        ctx, instance, args['name'].strip(), args['backup_type'], rotation,
        extra_properties=metadata)
    if 'image_id_in_body' in CHANGES.current():
        return base.reply(views.accepted(image['id']), status=202)
    headers = None
    if rotation > 0:
        headers = {'Location': links.self_href(pecan.request, 'images',
                                               image['id'])}
    return base.reply(status=202, headers=headers)


ACTIONS = {
    'createImage': create_image,
    'createBackup': create_backup,
}
