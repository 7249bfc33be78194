"""/servers/{server_id}/os-interface: the server's ports (none until
nova_lite has networking; attaching one is refused with a 400)."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite import exception
from nova_lite.policies import attach_interfaces as policy


def index(server_id):
    ctx = base.context()
    instance_for(ctx, server_id, policy.POLICY_ROOT % 'list')
    return base.reply({'interfaceAttachments': []})


def create(server_id):
    ctx = base.context()
    instance_for(ctx, server_id, policy.POLICY_ROOT % 'create')
    raise exception.ValidationError(
        detail='Attaching interfaces is not supported by nova_lite yet: it '
               'has no networking service.')


def show(server_id, port_id):
    ctx = base.context()
    instance_for(ctx, server_id, policy.POLICY_ROOT % 'show')
    raise exception.NotFound('Port %s could not be found.' % port_id)


def delete(server_id, port_id):
    ctx = base.context()
    instance_for(ctx, server_id, policy.POLICY_ROOT % 'delete')
    raise exception.NotFound('Port %s could not be found.' % port_id)


server_subresources.register('os-interface', routing.Resource(
    collection={'GET': index, 'POST': create},
    item={'GET': show, 'DELETE': delete}))
