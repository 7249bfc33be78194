"""The network API's policy: Neutron's default rules (admin, project
member, project reader; shared networks readable by all; binding:*
attributes admin-only), overridable by the [oslo_policy] policy file."""
import threading

from oslo_policy import policy

from nova_lite.network import exceptions as exc

ADMIN = 'role:admin'
MEMBER = '(role:admin) or (role:member and project_id:%(project_id)s)'
READER = '(role:admin) or (role:reader and project_id:%(project_id)s)'
NET_OWNER_MEMBER = ('(role:admin) or (role:member and '
                    'project_id:%(network:project_id)s)')
SHARED = "'True':%(shared)s"
NET_OWNER_READER = ('(role:admin) or (role:reader and '
                    'project_id:%(network:project_id)s)')

_RULES = {
    'context_is_admin': ADMIN,
    'admin_only': ADMIN,
    'shared': SHARED,
    'create_network': MEMBER,
    'create_network:shared': ADMIN,
    'create_network:port_security_enabled': MEMBER,
    'get_network': '(%s) or rule:shared' % READER,
    'update_network': MEMBER,
    'update_network:shared': ADMIN,
    'delete_network': MEMBER,
    'create_subnet': NET_OWNER_MEMBER,
    'get_subnet': '(%s) or rule:shared' % READER,
    'update_subnet': NET_OWNER_MEMBER,
    'delete_subnet': NET_OWNER_MEMBER,
    'create_port': MEMBER,
    'create_port:fixed_ips:ip_address': NET_OWNER_MEMBER,
    'create_port:mac_address': NET_OWNER_MEMBER,
    'create_port:binding:host_id': ADMIN,
    'create_port:binding:profile': ADMIN,
    'create_port:device_owner': MEMBER,
    'get_port': '(%s) or (%s)' % (READER, NET_OWNER_READER),
    'get_port:binding:vif_type': ADMIN,
    'get_port:binding:vif_details': ADMIN,
    'get_port:binding:host_id': ADMIN,
    'get_port:binding:profile': ADMIN,
    'update_port': '(%s) or (%s)' % (MEMBER, NET_OWNER_MEMBER),
    'update_port:fixed_ips:ip_address': NET_OWNER_MEMBER,
    'update_port:mac_address': ADMIN,
    'update_port:binding:host_id': ADMIN,
    'update_port:binding:profile': ADMIN,
    'delete_port': '(%s) or (%s)' % (MEMBER, NET_OWNER_MEMBER),
    'create_security_group': MEMBER,
    'get_security_group': READER,
    'update_security_group': MEMBER,
    'delete_security_group': MEMBER,
    'create_security_group_rule': MEMBER,
    'get_security_group_rule': READER,
    'delete_security_group_rule': MEMBER,
    'get_quota': READER,
    'update_quota': ADMIN,
    'delete_quota': ADMIN,
    'get_floatingip': READER,
}

_ENFORCER = None
_LOCK = threading.Lock()


def rules():
    return [policy.RuleDefault(name, check_str) for name, check_str in
            _RULES.items()]


def init(conf):
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = policy.Enforcer(conf)
            enforcer.register_defaults(rules())
            enforcer.load_rules()
            _ENFORCER = enforcer
    return _ENFORCER


def reset():
    global _ENFORCER
    _ENFORCER = None


def _creds(context):
    return {'roles': [r.lower() for r in context.roles],
            'project_id': context.project_id, 'user_id': context.user_id,
            'is_admin': context.is_admin}


def check(context, action, target):
    """True if `context` may do `action` on `target` (a resource dict;
    network:project_id and networks:shared are looked up by the
    caller)."""
    return bool(_ENFORCER.enforce(action, target, _creds(context)))


def enforce(context, action, target):
    if not check(context, action, target):
        raise exc.PolicyNotAuthorized(action='rule:%s' % action)


def is_admin(context):
    return check(context, 'context_is_admin', {})
