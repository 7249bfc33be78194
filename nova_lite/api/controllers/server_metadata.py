"""/servers/{server_id}/metadata: list, replace (PUT), merge (POST), and
/metadata/{key}: show, set, delete."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers import server_lookup
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api.schemas import server_metadata as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import server_metadata as policy

NOT_FOUND = 'Metadata item was not found'
_UPDATE_ERRORS = faults.answers({
    exception.InstanceInvalidState: faults.conflict('update metadata')})


def _instance(ctx, server_id, action, owner=False):
    return server_lookup.instance_for(
        ctx, server_id, policy.POLICY_ROOT % action,
        server_lookup.OWNER if owner else server_lookup.PROJECT)


def index(server_id):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'index')
    return base.reply({'metadata': dict(instance.metadata or {})})


@_UPDATE_ERRORS
def create(server_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.create)
    instance = _instance(ctx, server_id, 'create', owner=True)
    return base.reply({'metadata': base.compute_api().update_instance_metadata(
        ctx, instance, body['metadata'], delete=False)})


@_UPDATE_ERRORS
def update_all(server_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.update_all)
    instance = _instance(ctx, server_id, 'update_all', owner=True)
    return base.reply({'metadata': base.compute_api().update_instance_metadata(
        ctx, instance, body['metadata'], delete=True)})


def show(server_id, key):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'show')
    metadata = instance.metadata or {}
    if key not in metadata:
        raise exception.NotFound(NOT_FOUND)
    return base.reply({'meta': {key: metadata[key]}})


@_UPDATE_ERRORS
def update(server_id, key):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.update)
    instance = _instance(ctx, server_id, 'update', owner=True)
    if key not in body['meta']:
        raise exception.ValidationError(detail='Request body and URI '
                                               'mismatch')
    base.compute_api().update_instance_metadata(ctx, instance, body['meta'],
                                                delete=False)
    return base.reply({'meta': body['meta']})


@faults.answers({
    exception.InstanceInvalidState: faults.conflict('delete metadata')})
def delete(server_id, key):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'delete', owner=True)
    if key not in (instance.metadata or {}):
        raise exception.NotFound(NOT_FOUND)
    base.compute_api().delete_instance_metadata(ctx, instance, key)
    return base.reply(status=204)


server_subresources.register('metadata', routing.Resource(
    collection={'GET': index, 'POST': create, 'PUT': update_all},
    item={'GET': show, 'PUT': update, 'DELETE': delete}))
