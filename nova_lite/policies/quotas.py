"""Policies of quota sets, quota class sets, limits and simple tenant
usage (Nova's names and defaults)."""
from oslo_policy import policy

from nova_lite.policies import base

QUOTA_SETS = 'os_compute_api:os-quota-sets:%s'
QUOTA_CLASS_SETS = 'os_compute_api:os-quota-class-sets:%s'
LIMITS = 'os_compute_api:limits'
LIMITS_OTHER_PROJECT = 'os_compute_api:limits:other_project'
TENANT_USAGE = 'os_compute_api:os-simple-tenant-usage:%s'

RULE_ANY = '@'
_P = ['project']
_QS = '/os-quota-sets/{tenant_id}'
_QCS = '/os-quota-class-sets/{quota_class}'

rules = [
    policy.DocumentedRuleDefault(
        name=QUOTA_SETS % 'update', check_str=base.ADMIN,
        description='Update the quotas',
        operations=[{'method': 'PUT', 'path': _QS}], scope_types=_P),
    policy.DocumentedRuleDefault(
        name=QUOTA_SETS % 'defaults', check_str=RULE_ANY,
        description='List default quotas',
        operations=[{'method': 'GET', 'path': _QS + '/defaults'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=QUOTA_SETS % 'show', check_str=base.PROJECT_READER_OR_ADMIN,
        description='Show a quota',
        operations=[{'method': 'GET', 'path': _QS}], scope_types=_P),
    policy.DocumentedRuleDefault(
        name=QUOTA_SETS % 'delete', check_str=base.ADMIN,
        description='Revert quotas to defaults',
        operations=[{'method': 'DELETE', 'path': _QS}], scope_types=_P),
    policy.DocumentedRuleDefault(
        name=QUOTA_SETS % 'detail', check_str=base.PROJECT_READER_OR_ADMIN,
        description='Show the detail of quota',
        operations=[{'method': 'GET', 'path': _QS + '/detail'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=QUOTA_CLASS_SETS % 'show', check_str=base.ADMIN,
        description='List quotas for specific quota classs',
        operations=[{'method': 'GET', 'path': _QCS}], scope_types=_P),
    policy.DocumentedRuleDefault(
        name=QUOTA_CLASS_SETS % 'update', check_str=base.ADMIN,
        description='Update quotas for specific quota class',
        operations=[{'method': 'PUT', 'path': _QCS}], scope_types=_P),
    policy.DocumentedRuleDefault(
        name=LIMITS, check_str=RULE_ANY,
        description='Show rate and absolute limits for the current user '
                    'project',
        operations=[{'method': 'GET', 'path': '/limits'}], scope_types=_P),
    policy.DocumentedRuleDefault(
        name=LIMITS_OTHER_PROJECT, check_str=base.ADMIN,
        description='Show rate and absolute limits of another project',
        operations=[{'method': 'GET', 'path': '/limits'}], scope_types=_P),
    policy.DocumentedRuleDefault(
        name=TENANT_USAGE % 'list', check_str=base.ADMIN,
        description='List per tenant usage statistics for all tenants',
        operations=[{'method': 'GET', 'path': '/os-simple-tenant-usage'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=TENANT_USAGE % 'show', check_str=base.PROJECT_READER_OR_ADMIN,
        description='Show usage statistics for a specific tenant',
        operations=[{'method': 'GET',
                     'path': '/os-simple-tenant-usage/{tenant_id}'}],
        scope_types=_P),
]


def list_rules():
    return rules
