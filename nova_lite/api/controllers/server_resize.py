"""POST /servers/{id}/action: resize, confirmResize, revertResize and
migrate (cold migration; 2.56 may name the host). Each: context, policy,
body, compute API, Nova's status code and error mapping."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_lookup
from nova_lite.api import faults
from nova_lite.api.microversion import versioned
from nova_lite.api.schemas import migrations as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import migrations as policies

NOT_RESIZED = (400, 'Instance has not been resized.')


@faults.answers({
    exception.FlavorNotFound: 400,
    exception.ImageNotFound: (400, 'Image that the instance was started '
                                   'with could not be found.')})
def resize(ctx, server_id, body):
    validation.validate(body, schemas.resize)
    instance = server_lookup.instance_for(ctx, server_id, policies.RESIZE,
                                          server_lookup.OWNER)
    flavor_ref = str(body['resize']['flavorRef'])
    # A flavor link is accepted like its id, as Nova does.
    flavor_id = flavor_ref.rstrip('/').rsplit('/', 1)[-1]
    base.compute_api().resize(ctx, instance, flavor_id=flavor_id)
    return base.reply(status=202)


@faults.answers({exception.MigrationNotFound: NOT_RESIZED})
def confirm_resize(ctx, server_id, body):
    validation.validate(body, schemas.confirm_resize)
    instance = server_lookup.instance_for(
        ctx, server_id, policies.CONFIRM_RESIZE, server_lookup.CALLER)
    base.compute_api().confirm_resize(ctx, instance)
    return base.reply(status=204)


@faults.answers({
    exception.MigrationNotFound: NOT_RESIZED,
    exception.FlavorNotFound: (400, 'Flavor used by the instance could not '
                                    'be found.')})
def revert_resize(ctx, server_id, body):
    validation.validate(body, schemas.revert_resize)
    instance = server_lookup.instance_for(
        ctx, server_id, policies.REVERT_RESIZE, server_lookup.CALLER)
    base.compute_api().revert_resize(ctx, instance)
    return base.reply(status=202)


_MIGRATE_ERRORS = faults.answers({
    exception.ComputeHostNotFound: 400,
    exception.InstanceInvalidState: faults.conflict('migrate')})


def _migrate(ctx, server_id, host_name):
    instance = server_lookup.instance_for(
        ctx, server_id, policies.MIGRATE, server_lookup.CALLER_PROJECT)
    base.compute_api().resize(ctx, instance, host_name=host_name)
    return base.reply(status=202)


@versioned(max='2.55')
@_MIGRATE_ERRORS
def migrate(ctx, server_id, body):
    return _migrate(ctx, server_id, None)


@versioned(min='2.56')
@_MIGRATE_ERRORS
def migrate(ctx, server_id, body):  # noqa: F811 - 2.56: may name the host
    validation.validate(body, schemas.migrate_v256)
    return _migrate(ctx, server_id, (body['migrate'] or {}).get('host'))


ACTIONS = {
    'resize': resize,
    'confirmResize': confirm_resize,
    'revertResize': revert_resize,
    'migrate': migrate,
}
