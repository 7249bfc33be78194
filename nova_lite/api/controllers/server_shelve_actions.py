"""POST /servers/{id}/action: shelve, shelveOffload and unshelve (2.77
availability_zone; 2.91 host, for admins, and availability_zone null to
unpin the server). All answer 202 with no body; ACTIONS is merged into
server_actions.ACTIONS.
"""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_state_actions
from nova_lite.api.schemas import server_shelve_actions as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import shelve as shelve_policy

_instance = server_state_actions._instance
_call = server_state_actions._call


def shelve(ctx, server_id, body):
    validation.validate(body, schemas.shelve)
    instance = _instance(ctx, server_id, shelve_policy.POLICY_ROOT % 'shelve')
    _call('shelve', server_id, base.compute_api().shelve, ctx, instance)
    return base.reply(status=202)


def shelve_offload(ctx, server_id, body):
    validation.validate(body, schemas.shelve_offload)
    instance = _instance(ctx, server_id,
                         shelve_policy.POLICY_ROOT % 'shelve_offload')
    _call('shelveOffload', server_id, base.compute_api().shelve_offload,
          ctx, instance)
    return base.reply(status=202)


def _unshelve_schema():
    if base.at_least('2.91'):
        return schemas.unshelve_v291
    if base.at_least('2.77'):
        return schemas.unshelve_v277
    return schemas.unshelve


def unshelve(ctx, server_id, body):
    validation.validate(body, _unshelve_schema())
    instance = _instance(ctx, server_id,
                         shelve_policy.POLICY_ROOT % 'unshelve',
                         owner_target=False)
    args = body['unshelve'] if base.at_least('2.77') else None
    kwargs = {}
    if args and 'availability_zone' in args:
        kwargs['new_az'] = args['availability_zone']
    if args and base.at_least('2.91'):
        kwargs['host'] = args.get('host')
    try:
        _call('unshelve', server_id, lambda: base.compute_api().unshelve(
            ctx, instance, **kwargs))
    except exception.ComputeHostNotFound as exc:
        raise exception.ValidationError(detail=exc.format_message())
    return base.reply(status=202)


ACTIONS = {
    'shelve': shelve,
    'shelveOffload': shelve_offload,
    'unshelve': unshelve,
}
