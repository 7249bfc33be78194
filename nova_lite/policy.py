"""Policy enforcement (oslo.policy) with nova_lite's default rules.

Defaults come from nova_lite.policies; a policy file named by
``[oslo_policy] policy_file`` overrides them rule by rule. Like Nova, new
defaults and scope checking are on.
"""
import threading

from oslo_config import cfg
from oslo_log import log as logging
from oslo_policy import opts as policy_opts
from oslo_policy import policy

from nova_lite import exception
from nova_lite import policies

LOG = logging.getLogger(__name__)

_ENFORCER = None
_LOCK = threading.Lock()


def _set_defaults(conf):
    policy_opts.set_defaults(conf, enforce_scope=True,
                             enforce_new_defaults=True)


def init(conf=None, policy_file=None, rules=None, suppress_deprecation=True):
    """Create the Enforcer once (thread-safe); returns it."""
    global _ENFORCER
    if _ENFORCER is not None:
        return _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            conf = conf or cfg.CONF
            _set_defaults(conf)
            enforcer = policy.Enforcer(conf, policy_file=policy_file,
                                       rules=rules)
            enforcer.suppress_deprecation_warnings = suppress_deprecation
            enforcer.suppress_default_change_warnings = True
            enforcer.register_defaults(policies.list_rules())
            enforcer.load_rules()
            _ENFORCER = enforcer
    return _ENFORCER


def reset():
    global _ENFORCER
    if _ENFORCER is not None:
        _ENFORCER.clear()
    _ENFORCER = None


def get_enforcer():
    """For oslopolicy-* console scripts."""
    conf = cfg.ConfigOpts()
    conf([], project='nova-lite')
    return init(conf)


def authorize(context, action, target=None, fatal=True):
    """Check `action` for `context` on `target`.

    Returns True/False, or raises PolicyNotAuthorized (403) when `fatal`.
    """
    enforcer = init()
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    try:
        result = enforcer.authorize(action, target, context,
                                    do_raise=fatal,
                                    exc=exception.PolicyNotAuthorized,
                                    action=action)
    except policy.PolicyNotRegistered:
        LOG.exception('Policy not registered: %s', action)
        raise
    except policy.InvalidScope:
        LOG.debug('Policy %s does not allow the scope of this token',
                  action)
        if fatal:
            raise exception.PolicyNotAuthorized(action=action)
        return False
    return result


def check_is_admin(context):
    enforcer = init()
    return enforcer.authorize('context_is_admin',
                              {'project_id': context.project_id,
                               'user_id': context.user_id}, context)
