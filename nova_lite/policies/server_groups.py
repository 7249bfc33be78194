"""Policies of the server groups API (os_compute_api:os-server-groups:*)."""
from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-server-groups:%s'

_P = ['project']

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create', check_str=base.PROJECT_MEMBER,
        description='Create a new server group',
        operations=[{'path': '/os-server-groups', 'method': 'POST'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Delete a server group',
        operations=[{'path': '/os-server-groups/{server_group_id}',
                     'method': 'DELETE'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.PROJECT_READER_OR_ADMIN,
        description='List all server groups',
        operations=[{'path': '/os-server-groups', 'method': 'GET'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index:all_projects', check_str=base.ADMIN,
        description='List all server groups for all projects',
        operations=[{'path': '/os-server-groups', 'method': 'GET'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.PROJECT_READER_OR_ADMIN,
        description='Show details of a server group',
        operations=[{'path': '/os-server-groups/{server_group_id}',
                     'method': 'GET'}],
        scope_types=_P),
]


def list_rules():
    return rules
