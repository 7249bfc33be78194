"""Policies of the lock/unlock server actions."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-lock-server:%s'
_PATH = '/servers/{server_id}/action (%s)'

rules = [
    rule(POLICY_ROOT % 'lock', base.PROJECT_MEMBER_OR_ADMIN,
         'Lock a server', 'POST', _PATH % 'lock'),
    rule(POLICY_ROOT % 'unlock', base.PROJECT_MEMBER_OR_ADMIN,
         'Unlock a server', 'POST', _PATH % 'unlock'),
    rule(POLICY_ROOT % 'unlock:unlock_override', base.ADMIN,
         'Unlock a server, regardless who locked the server. This check '
         'is performed only after the check '
         'os_compute_api:os-lock-server:unlock passes',
         'POST', _PATH % 'unlock'),
]


def list_rules():
    return rules
