"""Policies of os-instance_usage_audit_log (admin only, as in Nova)."""
from oslo_policy import policy

from nova_lite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-instance-usage-audit-log:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME % name, check_str=base.ADMIN,
        description=description,
        operations=[{'method': 'GET', 'path': path}],
        scope_types=['project'])
    for name, description, path in (
        ('list', 'List all usage audits.', '/os-instance_usage_audit_log'),
        ('show', 'List all usage audits that occurred before a specified '
                 'time for all servers on all compute hosts where usage '
                 'auditing is configured',
         '/os-instance_usage_audit_log/{before_timestamp}'),
    )
]


def list_rules():
    return rules
