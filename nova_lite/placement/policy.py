"""Placement's default policy for the reads this service answers: admin
or service for everything but the project-scoped `placement:usages`
(also a reader of that project), as Placement 16 ships them; overridable
by the [oslo_policy] policy file like every nova_lite rule."""
from oslo_policy import policy

ADMIN_OR_SERVICE = 'role:admin or role:service'
ADMIN_OR_PROJECT_READER_OR_SERVICE = (
    'role:admin or (role:reader and project_id:%(project_id)s) or '
    'role:service')

PROVIDERS_LIST = 'placement:resource_providers:list'
PROVIDERS_SHOW = 'placement:resource_providers:show'
INVENTORIES_LIST = 'placement:resource_providers:inventories:list'
INVENTORIES_SHOW = 'placement:resource_providers:inventories:show'
PROVIDER_USAGES = 'placement:resource_providers:usages'
PROVIDER_ALLOCATIONS = 'placement:resource_providers:allocations:list'
PROVIDER_AGGREGATES = 'placement:resource_providers:aggregates:list'
PROVIDER_TRAITS = 'placement:resource_providers:traits:list'
ALLOCATIONS_LIST = 'placement:allocations:list'
TOTAL_USAGES = 'placement:usages'
RESOURCE_CLASSES_LIST = 'placement:resource_classes:list'
RESOURCE_CLASSES_SHOW = 'placement:resource_classes:show'
TRAITS_LIST = 'placement:traits:list'
TRAITS_SHOW = 'placement:traits:show'

_RULES = dict({name: ADMIN_OR_SERVICE for name in (
    PROVIDERS_LIST, PROVIDERS_SHOW, INVENTORIES_LIST, INVENTORIES_SHOW,
    PROVIDER_USAGES, PROVIDER_ALLOCATIONS, PROVIDER_AGGREGATES,
    PROVIDER_TRAITS, ALLOCATIONS_LIST, RESOURCE_CLASSES_LIST,
    RESOURCE_CLASSES_SHOW, TRAITS_LIST, TRAITS_SHOW)},
    **{TOTAL_USAGES: ADMIN_OR_PROJECT_READER_OR_SERVICE})



def rules():
    return [policy.RuleDefault(name, check_str)
            for name, check_str in sorted(_RULES.items())]


class Policy(object):
    """The rules of one application (its conf's policy file on top)."""

    def __init__(self, conf):
        self._enforcer = policy.Enforcer(conf)
        self._enforcer.register_defaults(rules())
        self._enforcer.load_rules()

    def check(self, context, action, target=None):
        """True if `context` may do `action`; the default target is the
        caller's own project."""
        if target is None:
            target = {'project_id': context.project_id,
                      'user_id': context.user_id}
        creds = {'roles': [r.lower() for r in context.roles],
                 'project_id': context.project_id,
                 'user_id': context.user_id}
        return bool(self._enforcer.enforce(action, target, creds))
