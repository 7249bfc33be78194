"""Policies of the rescue/unrescue server actions."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

BASE_POLICY_NAME = 'os_compute_api:os-rescue'
UNRESCUE_POLICY_NAME = 'os_compute_api:os-unrescue'
_PATH = '/servers/{server_id}/action (%s)'

rules = [
    rule(BASE_POLICY_NAME, base.PROJECT_MEMBER_OR_ADMIN,
         'Rescue a server', 'POST', _PATH % 'rescue'),
    rule(UNRESCUE_POLICY_NAME, base.PROJECT_MEMBER_OR_ADMIN,
         'Unrescue a server', 'POST', _PATH % 'unrescue'),
]


def list_rules():
    return rules
