"""Policies of the restore and forceDelete server actions."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-deferred-delete:%s'
_PATH = '/servers/{server_id}/action (%s)'

rules = [
    rule(POLICY_ROOT % 'restore', base.PROJECT_MEMBER_OR_ADMIN,
         'Restore a soft deleted server', 'POST', _PATH % 'restore'),
    rule(POLICY_ROOT % 'force', base.PROJECT_MEMBER_OR_ADMIN,
         'Force delete a server before deferred cleanup', 'POST',
         _PATH % 'forceDelete'),
]


def list_rules():
    return rules
