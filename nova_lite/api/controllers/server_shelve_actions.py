"""POST /servers/{id}/action: shelve, shelveOffload and unshelve (2.77
availability_zone; 2.91 host, for admins, and availability_zone null to
unpin the server). All answer 202 with no body; ACTIONS is merged into
server_actions.ACTIONS.
"""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_lookup
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import server_shelve_actions as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import shelve as shelve_policy

CHANGES = microversion.Changes({
    'unshelve_zone': '2.77',    # {"unshelve": {"availability_zone": ...}}
    'unshelve_host': '2.91',    # ... and "host"
})


def _instance(ctx, server_id, action, target=server_lookup.OWNER):
    return server_lookup.instance_for(
        ctx, server_id, shelve_policy.POLICY_ROOT % action, target)


@faults.answers({exception.InstanceInvalidState: faults.conflict('shelve')})
def shelve(ctx, server_id, body):
    validation.validate(body, schemas.shelve)
    instance = _instance(ctx, server_id, 'shelve')
    base.compute_api().shelve(ctx, instance)
    return base.reply(status=202)


@faults.answers({
    exception.InstanceInvalidState: faults.conflict('shelveOffload')})
def shelve_offload(ctx, server_id, body):
    validation.validate(body, schemas.shelve_offload)
    instance = _instance(ctx, server_id, 'shelve_offload')
    base.compute_api().shelve_offload(ctx, instance)
    return base.reply(status=202)


@faults.answers({exception.InstanceInvalidState: faults.conflict('unshelve'),
                 exception.ComputeHostNotFound: 400})
def unshelve(ctx, server_id, body):
    validation.validate(body, schemas.UNSHELVE.current())
    instance = _instance(ctx, server_id, 'unshelve', server_lookup.PROJECT)
    changes = CHANGES.current()
    args = body['unshelve'] if 'unshelve_zone' in changes else None
    kwargs = {}
    if args and 'availability_zone' in args:
        kwargs['new_az'] = args['availability_zone']
    if args and 'unshelve_host' in changes:
        kwargs['host'] = args.get('host')
    base.compute_api().unshelve(ctx, instance, **kwargs)
    return base.reply(status=202)


ACTIONS = {
    'shelve': shelve,
    'shelveOffload': shelve_offload,
    'unshelve': unshelve,
}
