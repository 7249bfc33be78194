"""Policy of the os-getConsoleOutput server action."""
from oslo_policy import policy

from nova_lite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-console-output'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME, check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Show console output for a server',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action '
                             '(os-getConsoleOutput)'}],
        scope_types=['project']),
]


def list_rules():
    return rules
