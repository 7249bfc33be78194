"""/os-volumes and /os-snapshots (up to 2.35, 404 from 2.36): Nova's
proxies to the block storage service's volumes and snapshots."""
import pecan
from oslo_utils import strutils

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import volumes as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import volumes as policy

VERSIONS = microversion.Range(None, '2.35')
_ERRORS = {exception.OverQuota: 403}


def _volume_api():
    return base.compute_api().volumes.volume_api


def volume_view(vol):
    """Nova's _translate_volume_summary_view (the detail view is it)."""
    body = {'id': vol['id'], 'status': vol['status'], 'size': vol['size'],
            'availabilityZone': vol['availability_zone'],
            'createdAt': vol['created_at']}
    if vol.get('attach_status') == 'attached':
        server_id, attachment = next(iter(vol['attachments'].items()))
        body['attachments'] = [{'id': vol['id'], 'volumeId': vol['id'],
                                'serverId': server_id}]
        if attachment.get('mountpoint'):
            body['attachments'][0]['device'] = attachment['mountpoint']
    else:
        body['attachments'] = [{}]
    body['displayName'] = vol.get('display_name')
    body['displayDescription'] = vol.get('display_description')
    body['volumeType'] = vol.get('volume_type_id')
    body['snapshotId'] = vol.get('snapshot_id')
    body['metadata'] = dict(vol.get('volume_metadata') or {})
    return body


def snapshot_view(snapshot):
    return {'id': snapshot['id'], 'volumeId': snapshot['volume_id'],
            'status': snapshot['status'], 'size': snapshot['volume_size'],
            'createdAt': snapshot['created_at'],
            'displayName': snapshot['display_name'],
            'displayDescription': snapshot['display_description']}


def _authorized(rule):
    ctx = base.context()
    ctx.can(policy.POLICY_NAME % rule, {'project_id': ctx.project_id})
    return ctx


def _listing(kind, rule):
    ctx = _authorized(rule)
    api = _volume_api()
    if kind == 'volumes':
        items, view = api.get_all(ctx), volume_view
    else:
        items, view = api.get_all_snapshots(ctx), snapshot_view
    return base.reply({kind: [view(i) for i in base.limited(
        items, pecan.request.GET)]})


# -- volumes ------------------------------------------------------------------

def list_volumes():
    return _listing('volumes', 'list')


def show_volume(volume_id):
    if volume_id == 'detail':
        return _listing('volumes', 'detail')
    ctx = _authorized('show')
    return base.reply({'volume': volume_view(_volume_api().get(ctx,
                                                               volume_id))})


@faults.answers(_ERRORS)
def create_volume():
    ctx = _authorized('create')
    body = base.body()
    validation.validate(body, schemas.create_volume)
    request = body['volume']
    api = _volume_api()
    snapshot = None
    if request.get('snapshot_id') is not None:
        snapshot = api.get_snapshot(ctx, request['snapshot_id'])
    size = request.get('size')
    if size is None and snapshot is not None:
        size = snapshot['volume_size']
    volume = api.create(ctx, int(size), request.get('display_name'),
                        request.get('display_description'),
                        snapshot=snapshot,
                        volume_type=request.get('volume_type'),
                        metadata=request.get('metadata'),
                        availability_zone=request.get('availability_zone'))
    return base.reply({'volume': volume_view(volume)}, headers={
        'Location': '%s/%s' % (pecan.request.url, volume['id'])})


def delete_volume(volume_id):
    ctx = _authorized('delete')
    _volume_api().delete(ctx, volume_id)
    return base.reply(status=202)


# -- snapshots ----------------------------------------------------------------

def list_snapshots():
    return _listing('snapshots', 'snapshots:list')


def show_snapshot(snapshot_id):
    if snapshot_id == 'detail':
        return _listing('snapshots', 'snapshots:detail')
    ctx = _authorized('snapshots:show')
    return base.reply({'snapshot': snapshot_view(
        _volume_api().get_snapshot(ctx, snapshot_id))})


@faults.answers(_ERRORS)
def create_snapshot():
    ctx = _authorized('snapshots:create')
    body = base.body()
    validation.validate(body, schemas.create_snapshot)
    request = body['snapshot']
    api = _volume_api()
    force = strutils.bool_from_string(request.get('force', False),
                                      strict=True)
    create = api.create_snapshot_force if force else api.create_snapshot
    snapshot = create(ctx, request['volume_id'],
                      request.get('display_name'),
                      request.get('display_description'))
    return base.reply({'snapshot': snapshot_view(snapshot)})


def delete_snapshot(snapshot_id):
    ctx = _authorized('snapshots:delete')
    _volume_api().delete_snapshot(ctx, snapshot_id)
    return base.reply(status=202)


VOLUMES = routing.TopLevel(routing.Resource(
    collection={'GET': list_volumes, 'POST': create_volume},
    item={'GET': show_volume, 'DELETE': delete_volume}, versions=VERSIONS))
SNAPSHOTS = routing.TopLevel(routing.Resource(
    collection={'GET': list_snapshots, 'POST': create_snapshot},
    item={'GET': show_snapshot, 'DELETE': delete_snapshot},
    versions=VERSIONS))
