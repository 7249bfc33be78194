"""/servers/{server_id}/os-interface: the server's ports (none until
nova_lite has networking; attaching one is refused with a 400)."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_subresources
from nova_lite import exception
from nova_lite.policies import attach_interfaces as policy


def _instance(ctx, server_id, action):
    instance = base.compute_api().get(ctx, server_id)
    ctx.can(policy.POLICY_ROOT % action, {'project_id': instance.project_id})
    return instance


def index(server_id):
    ctx = base.context()
    _instance(ctx, server_id, 'list')
    return base.reply({'interfaceAttachments': []})


def create(server_id):
    ctx = base.context()
    _instance(ctx, server_id, 'create')
    raise exception.ValidationError(
        detail='Attaching interfaces is not supported by nova_lite yet: it '
               'has no networking service.')


def show(server_id, port_id):
    ctx = base.context()
    _instance(ctx, server_id, 'show')
    raise exception.NotFound('Port %s could not be found.' % port_id)


def delete(server_id, port_id):
    ctx = base.context()
    _instance(ctx, server_id, 'delete')
    raise exception.NotFound('Port %s could not be found.' % port_id)


server_subresources.register('os-interface', server_subresources.Resource(
    collection={'GET': index, 'POST': create},
    item={'GET': show, 'DELETE': delete}))
