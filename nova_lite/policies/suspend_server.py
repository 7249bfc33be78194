"""Policies of the suspend/resume server actions."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-suspend-server:%s'
_PATH = '/servers/{server_id}/action (%s)'

rules = [
    rule(POLICY_ROOT % 'suspend', base.PROJECT_MEMBER_OR_ADMIN,
         'Suspend server', 'POST', _PATH % 'suspend'),
    rule(POLICY_ROOT % 'resume', base.PROJECT_MEMBER_OR_ADMIN,
         'Resume suspended server', 'POST', _PATH % 'resume'),
]


def list_rules():
    return rules
