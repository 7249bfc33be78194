"""/servers/{server_id}/os-server-password: show (GET) and clear
(DELETE) the encrypted admin password a guest posted to the metadata
service."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_subresources
from nova_lite.policies import server_password as policy


def _instance(ctx, server_id, action):
    instance = base.compute_api().get(ctx, server_id)
    ctx.can(policy.POLICY_ROOT % action, {'project_id': instance.project_id})
    return instance


def show(server_id):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'show')
    return base.reply({'password': base.compute_api().get_password(
        instance)})


def clear(server_id):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'clear')
    base.compute_api().clear_password(ctx, instance)
    return base.reply(status=204)


server_subresources.register('os-server-password',
                             server_subresources.Resource(
                                 collection={'GET': show, 'DELETE': clear}))
