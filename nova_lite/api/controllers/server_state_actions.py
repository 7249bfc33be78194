"""POST /servers/{id}/action: pause, unpause, suspend, resume, lock,
unlock, rescue, unrescue, os-resetState, trigger_crash_dump (2.17),
forceDelete, restore. One small function per action; ACTIONS is merged
into server_actions.ACTIONS.
"""
import secrets
import string

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.schemas import server_state_actions as schemas
from nova_lite.api import validation
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite.policies import admin_actions as admin_policy
from nova_lite.policies import crash_dump as crash_dump_policy
from nova_lite.policies import deferred_delete as dd_policy
from nova_lite.policies import lock_server as lock_policy
from nova_lite.policies import pause_server as pause_policy
from nova_lite.policies import rescue as rescue_policy
from nova_lite.policies import suspend_server as suspend_policy


def conflict(exc, action, server_id):
    """Nova's 409 message for an action refused in the current state."""
    attr = exc.kwargs.get('attr')
    state = exc.kwargs.get('state')
    if attr is None:
        return exc
    return exception.InstanceInvalidState(
        action=action, instance_uuid=server_id, attr=attr, state=state)


def _instance(ctx, server_id, rule, owner_target=True):
    instance = base.compute_api().get(ctx, server_id)
    target = {'project_id': instance.project_id}
    if owner_target:
        target['user_id'] = instance.user_id
    ctx.can(rule, target)
    return instance


def _call(action, server_id, fn, *args):
    try:
        return fn(*args)
    except exception.InstanceInvalidState as exc:
        raise conflict(exc, action, server_id)


def _simple(name, rule, method, schema):
    def handler(ctx, server_id, body):
        validation.validate(body, schema)
        instance = _instance(ctx, server_id, rule, owner_target=False)
        _call(name, server_id, getattr(base.compute_api(), method), ctx,
              instance)
        return base.reply(status=202)
    handler.__name__ = method
    return handler


pause = _simple('pause', pause_policy.POLICY_ROOT % 'pause', 'pause',
                schemas.pause)
unpause = _simple('unpause', pause_policy.POLICY_ROOT % 'unpause',
                  'unpause', schemas.unpause)
suspend = _simple('suspend', suspend_policy.POLICY_ROOT % 'suspend',
                  'suspend', schemas.suspend)
resume = _simple('resume', suspend_policy.POLICY_ROOT % 'resume', 'resume',
                 schemas.resume)
unrescue = _simple('unrescue', rescue_policy.UNRESCUE_POLICY_NAME,
                   'unrescue', schemas.unrescue)
restore = _simple('restore', dd_policy.POLICY_ROOT % 'restore', 'restore',
                  schemas.restore)
force_delete = _simple('forceDelete', dd_policy.POLICY_ROOT % 'force',
                       'force_delete_checked', schemas.force_delete)


def lock(ctx, server_id, body):
    at_273 = base.at_least('2.73')
    validation.validate(body, schemas.lock_v273 if at_273 else schemas.lock)
    instance = _instance(ctx, server_id, lock_policy.POLICY_ROOT % 'lock')
    reason = None
    if at_273 and isinstance(body['lock'], dict):
        reason = body['lock'].get('locked_reason')
    base.compute_api().lock(ctx, instance, reason=reason)
    return base.reply(status=202)


def unlock(ctx, server_id, body):
    validation.validate(body, schemas.unlock)
    instance = _instance(ctx, server_id, lock_policy.POLICY_ROOT % 'unlock',
                         owner_target=False)
    api = base.compute_api()
    if not api.is_expected_locked_by(ctx, instance):
        ctx.can(lock_policy.POLICY_ROOT % 'unlock:unlock_override',
                {'project_id': instance.project_id})
    api.unlock(ctx, instance)
    return base.reply(status=202)


def _password(length=12):
    alphabet = string.ascii_letters + string.digits
    return ''.join(secrets.choice(alphabet) for _ in range(length))


def rescue(ctx, server_id, body):
    validation.validate(body, schemas.rescue)
    options = body['rescue'] or {}
    password = options.get('adminPass') or _password()
    instance = _instance(ctx, server_id, rescue_policy.BASE_POLICY_NAME)
    try:
        _call('rescue', server_id, base.compute_api().rescue, ctx, instance,
              password, options.get('rescue_image_ref'))
    except exception.InstanceNotRescuable as exc:
        raise exception.ValidationError(detail=exc.format_message())
    if api_conf.get().api.enable_instance_password:
        return base.reply({'adminPass': password})
    return base.reply({})


_RESET_STATES = {'active': vm_states.ACTIVE, 'error': vm_states.ERROR}


def reset_state(ctx, server_id, body):
    validation.validate(body, schemas.reset_state)
    instance = _instance(ctx, server_id,
                         admin_policy.POLICY_ROOT % 'reset_state',
                         owner_target=False)
    base.compute_api().reset_state(
        ctx, instance, _RESET_STATES[body['os-resetState']['state']])
    return base.reply(status=202)


def trigger_crash_dump(ctx, server_id, body):
    if not base.at_least('2.17'):
        raise exception.ValidationError(
            detail='There is no such action: trigger_crash_dump')
    validation.validate(body, schemas.trigger_crash_dump)
    instance = _instance(ctx, server_id, crash_dump_policy.POLICY_NAME)
    try:
        _call('trigger_crash_dump', server_id,
              base.compute_api().trigger_crash_dump, ctx, instance)
    except exception.InstanceNotRunning as exc:
        raise exception.Conflict(exc.format_message())
    return base.reply(status=202)


ACTIONS = {
    'pause': pause,
    'unpause': unpause,
    'suspend': suspend,
    'resume': resume,
    'lock': lock,
    'unlock': unlock,
    'rescue': rescue,
    'unrescue': unrescue,
    'os-resetState': reset_state,
    'trigger_crash_dump': trigger_crash_dump,
    'forceDelete': force_delete,
    'restore': restore,
}
