"""POST /servers/{id}/action: pause, unpause, suspend, resume, lock,
unlock, rescue, unrescue, os-resetState, trigger_crash_dump (2.17),
forceDelete, restore. One small function per action; ACTIONS is merged
into server_actions.ACTIONS.
"""
import secrets
import string

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_lookup
from nova_lite.api import faults
from nova_lite.api.microversion import versioned
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


def _instance(ctx, server_id, rule, owner_target=True):
    return server_lookup.instance_for(
        ctx, server_id, rule,
        server_lookup.OWNER if owner_target else server_lookup.PROJECT)


def _simple(name, rule, method, schema):
    """A handler that validates, looks the server up and calls `method`
    of the compute API (Nova's 409 naming `name` in a wrong state)."""
    @faults.answers({exception.InstanceInvalidState: faults.conflict(name)})
    def handler(ctx, server_id, body):
        validation.validate(body, schema)
        instance = _instance(ctx, server_id, rule, owner_target=False)
        getattr(base.compute_api(), method)(ctx, instance)
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


@versioned(max='2.72')
def lock(ctx, server_id, body):
    validation.validate(body, schemas.lock)
    instance = _instance(ctx, server_id, lock_policy.POLICY_ROOT % 'lock')
    base.compute_api().lock(ctx, instance, reason=None)
    return base.reply(status=202)


@versioned(min='2.73')
def lock(ctx, server_id, body):  # noqa: F811 - 2.73: with a locked_reason
    validation.validate(body, schemas.lock_v273)
    instance = _instance(ctx, server_id, lock_policy.POLICY_ROOT % 'lock')
    reason = None
    if isinstance(body['lock'], dict):
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


@faults.answers({exception.InstanceInvalidState: faults.conflict('rescue'),
                 exception.InstanceNotRescuable: 400})
def rescue(ctx, server_id, body):
    validation.validate(body, schemas.rescue)
    options = body['rescue'] or {}
    password = options.get('adminPass') or _password()
    instance = _instance(ctx, server_id, rescue_policy.BASE_POLICY_NAME)
    base.compute_api().rescue(ctx, instance, password,
                              options.get('rescue_image_ref'))
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


@versioned(min='2.17', otherwise=lambda: exception.ValidationError(
    detail='There is no such action: trigger_crash_dump'))
@faults.answers({
    exception.InstanceInvalidState: faults.conflict('trigger_crash_dump'),
    exception.InstanceNotRunning: 409})
def trigger_crash_dump(ctx, server_id, body):
    validation.validate(body, schemas.trigger_crash_dump)
    instance = _instance(ctx, server_id, crash_dump_policy.POLICY_NAME)
    base.compute_api().trigger_crash_dump(ctx, instance)
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
