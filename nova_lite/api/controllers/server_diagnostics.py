"""/servers/{server_id}/diagnostics (admin): the hypervisor's view of a
running guest; driver-specific before 2.48, standard from 2.48."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api.microversion import versioned
from nova_lite import exception
from nova_lite.policies import server_diagnostics as policy

_ERRORS = faults.answers({
    exception.InstanceInvalidState: faults.conflict('get_diagnostics'),
    NotImplementedError: (501, 'Unable to get diagnostics, functionality '
                               'not implemented'),
})


@versioned(max='2.47')
@_ERRORS
def show(server_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.BASE_POLICY_NAME)
    return base.reply(base.compute_api().get_diagnostics(ctx, instance))


@versioned(min='2.48')
@_ERRORS
def show(server_id):  # noqa: F811 - the 2.48 alternative
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.BASE_POLICY_NAME)
    return base.reply(base.compute_api().get_instance_diagnostics(
        ctx, instance))


server_subresources.register('diagnostics', routing.Resource(
    collection={'GET': show}))
