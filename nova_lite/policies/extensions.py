"""Policy of the extensions list (anyone authenticated, as in Nova)."""
from oslo_policy import policy

BASE_POLICY_NAME = 'os_compute_api:extensions'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME, check_str='@',
        description='List available extensions and show information '
                    'for an extension by alias',
        operations=[{'method': 'GET', 'path': '/extensions'},
                    {'method': 'GET', 'path': '/extensions/{alias}'}],
        scope_types=['project']),
]


def list_rules():
    return rules
