"""/servers/{server_id}/diagnostics (admin): the hypervisor's view of a
running guest; driver-specific before 2.48, standard from 2.48."""
import webob.exc

from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_state_actions
from nova_lite.api.controllers import server_subresources
from nova_lite import exception
from nova_lite.policies import server_diagnostics as policy


def show(server_id):
    ctx = base.context()
    api = base.compute_api()
    instance = api.get(ctx, server_id)
    ctx.can(policy.BASE_POLICY_NAME, {'project_id': instance.project_id})
    try:
        if base.at_least('2.48'):
            return base.reply(api.get_instance_diagnostics(ctx, instance))
        return base.reply(api.get_diagnostics(ctx, instance))
    except exception.InstanceInvalidState as exc:
        raise server_state_actions.conflict(exc, 'get_diagnostics',
                                            server_id)
    except NotImplementedError:
        raise webob.exc.HTTPNotImplemented(
            explanation='Unable to get diagnostics, functionality not '
                        'implemented')


server_subresources.register('diagnostics', server_subresources.Resource(
    collection={'GET': show}))
