"""/servers/{server_id}/metadata: list, replace (PUT), merge (POST), and
/metadata/{key}: show, set, delete."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_state_actions
from nova_lite.api.controllers import server_subresources
from nova_lite.api.schemas import server_metadata as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import server_metadata as policy

NOT_FOUND = 'Metadata item was not found'


def _instance(ctx, server_id, action, owner=False):
    instance = base.compute_api().get(ctx, server_id)
    target = {'project_id': instance.project_id}
    if owner:
        target['user_id'] = instance.user_id
    ctx.can(policy.POLICY_ROOT % action, target)
    return instance


def _update(ctx, server_id, instance, metadata, delete):
    try:
        return base.compute_api().update_instance_metadata(
            ctx, instance, metadata, delete=delete)
    except exception.InstanceInvalidState as exc:
        raise server_state_actions.conflict(exc, 'update metadata',
                                            server_id)


def index(server_id):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'index')
    return base.reply({'metadata': dict(instance.metadata or {})})


def create(server_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.create)
    instance = _instance(ctx, server_id, 'create', owner=True)
    return base.reply({'metadata': _update(ctx, server_id, instance,
                                           body['metadata'], False)})


def update_all(server_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.update_all)
    instance = _instance(ctx, server_id, 'update_all', owner=True)
    return base.reply({'metadata': _update(ctx, server_id, instance,
                                           body['metadata'], True)})


def show(server_id, key):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'show')
    metadata = instance.metadata or {}
    if key not in metadata:
        raise exception.NotFound(NOT_FOUND)
    return base.reply({'meta': {key: metadata[key]}})


def update(server_id, key):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.update)
    instance = _instance(ctx, server_id, 'update', owner=True)
    if key not in body['meta']:
        raise exception.ValidationError(detail='Request body and URI '
                                               'mismatch')
    _update(ctx, server_id, instance, body['meta'], False)
    return base.reply({'meta': body['meta']})


def delete(server_id, key):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'delete', owner=True)
    if key not in (instance.metadata or {}):
        raise exception.NotFound(NOT_FOUND)
    try:
        base.compute_api().delete_instance_metadata(ctx, instance, key)
    except exception.InstanceInvalidState as exc:
        raise server_state_actions.conflict(exc, 'delete metadata',
                                            server_id)
    return base.reply(status=204)


server_subresources.register('metadata', server_subresources.Resource(
    collection={'GET': index, 'POST': create, 'PUT': update_all},
    item={'GET': show, 'PUT': update, 'DELETE': delete}))
