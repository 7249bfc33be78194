"""Policies of the pause/unpause server actions."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-pause-server:%s'
_PATH = '/servers/{server_id}/action (%s)'

rules = [
    rule(POLICY_ROOT % 'pause', base.PROJECT_MEMBER_OR_ADMIN,
         'Pause a server', 'POST', _PATH % 'pause'),
    rule(POLICY_ROOT % 'unpause', base.PROJECT_MEMBER_OR_ADMIN,
         'Unpause a paused server', 'POST', _PATH % 'unpause'),
]


def list_rules():
    return rules
