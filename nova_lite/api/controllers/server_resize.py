"""POST /servers/{id}/action: resize, confirmResize, revertResize and
migrate (cold migration; 2.56 may name the host). Each: context, policy,
body, compute API, Nova's status code and error mapping."""
from nova_lite.api.controllers import base
from nova_lite.api.schemas import migrations as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import migrations as policies


def _target(instance):
    return {'user_id': instance.user_id, 'project_id': instance.project_id}


def resize(ctx, server_id, body):
    validation.validate(body, schemas.resize)
    instance = base.compute_api().get(ctx, server_id)
    ctx.can(policies.RESIZE, _target(instance))
    flavor_ref = str(body['resize']['flavorRef'])
    # A flavor link is accepted like its id, as Nova does.
    flavor_id = flavor_ref.rstrip('/').rsplit('/', 1)[-1]
    try:
        base.compute_api().resize(ctx, instance, flavor_id=flavor_id)
    except exception.FlavorNotFound as exc:
        raise exception.ValidationError(detail=exc.format_message())
    except exception.ImageNotFound:
        raise exception.ValidationError(
            detail='Image that the instance was started with could not be '
                   'found.')
    return base.reply(status=202)


def confirm_resize(ctx, server_id, body):
    validation.validate(body, schemas.confirm_resize)
    ctx.can(policies.CONFIRM_RESIZE, {'project_id': ctx.project_id,
                                      'user_id': ctx.user_id})
    instance = base.compute_api().get(ctx, server_id)
    try:
        base.compute_api().confirm_resize(ctx, instance)
    except exception.MigrationNotFound:
        raise exception.ValidationError(
            detail='Instance has not been resized.')
    return base.reply(status=204)


def revert_resize(ctx, server_id, body):
    validation.validate(body, schemas.revert_resize)
    ctx.can(policies.REVERT_RESIZE, {'project_id': ctx.project_id,
                                     'user_id': ctx.user_id})
    instance = base.compute_api().get(ctx, server_id)
    try:
        base.compute_api().revert_resize(ctx, instance)
    except exception.MigrationNotFound:
        raise exception.ValidationError(
            detail='Instance has not been resized.')
    except exception.FlavorNotFound:
        raise exception.ValidationError(
            detail='Flavor used by the instance could not be found.')
    return base.reply(status=202)


def migrate(ctx, server_id, body):
    host_name = None
    if base.at_least('2.56'):
        validation.validate(body, schemas.migrate_v256)
        host_name = (body['migrate'] or {}).get('host')
    ctx.can(policies.MIGRATE, {'project_id': ctx.project_id})
    instance = base.compute_api().get(ctx, server_id)
    try:
        base.compute_api().resize(ctx, instance, host_name=host_name)
    except exception.ComputeHostNotFound as exc:
        raise exception.ValidationError(detail=exc.format_message())
    except exception.InstanceInvalidState as exc:
        raise exception.InstanceInvalidState(
            action='migrate', instance_uuid=instance.uuid,
            attr=exc.kwargs.get('attr'), state=exc.kwargs.get('state'))
    return base.reply(status=202)


ACTIONS = {
    'resize': resize,
    'confirmResize': confirm_resize,
    'revertResize': revert_resize,
    'migrate': migrate,
}
