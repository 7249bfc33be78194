"""/servers/{server_id}/os-server-password: show (GET) and clear
(DELETE) the encrypted admin password a guest posted to the metadata
service."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite.policies import server_password as policy


def show(server_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'show')
    return base.reply({'password': base.compute_api().get_password(
        instance)})


def clear(server_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'clear')
    base.compute_api().clear_password(ctx, instance)
    return base.reply(status=204)


server_subresources.register('os-server-password',
                             routing.Resource(
                                 collection={'GET': show, 'DELETE': clear}))
