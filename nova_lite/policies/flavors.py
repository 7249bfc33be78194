"""Policies of flavor management, flavor access and flavor extra specs."""
from oslo_policy import policy

from nova_lite.policies import base

MANAGE = 'os_compute_api:os-flavor-manage:%s'
ACCESS = 'os_compute_api:os-flavor-access'
EXTRA_SPECS = 'os_compute_api:os-flavor-extra-specs:%s'

_P = ['project']

rules = [
    policy.DocumentedRuleDefault(
        name=MANAGE % 'create', check_str=base.ADMIN,
        description='Create a flavor',
        operations=[{'method': 'POST', 'path': '/flavors'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=MANAGE % 'update', check_str=base.ADMIN,
        description='Update a flavor',
        operations=[{'method': 'PUT', 'path': '/flavors/{flavor_id}'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=MANAGE % 'delete', check_str=base.ADMIN,
        description='Delete a flavor',
        operations=[{'method': 'DELETE', 'path': '/flavors/{flavor_id}'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=ACCESS, check_str=base.ADMIN,
        description='List flavor access information and see private '
                    'flavors when listing flavors',
        operations=[{'method': 'GET',
                     'path': '/flavors/{flavor_id}/os-flavor-access'},
                    {'method': 'GET', 'path': '/flavors'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=ACCESS + ':add_tenant_access', check_str=base.ADMIN,
        description='Add flavor access to a tenant',
        operations=[{'method': 'POST',
                     'path': '/flavors/{flavor_id}/action '
                             '(addTenantAccess)'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=ACCESS + ':remove_tenant_access', check_str=base.ADMIN,
        description='Remove flavor access from a tenant',
        operations=[{'method': 'POST',
                     'path': '/flavors/{flavor_id}/action '
                             '(removeTenantAccess)'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=EXTRA_SPECS % 'show', check_str=base.PROJECT_READER_OR_ADMIN,
        description='Show an extra spec for a flavor',
        operations=[{'method': 'GET',
                     'path': '/flavors/{flavor_id}/os-extra_specs/'
                             '{flavor_extra_spec_key}'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=EXTRA_SPECS % 'create', check_str=base.ADMIN,
        description='Create extra specs for a flavor',
        operations=[{'method': 'POST',
                     'path': '/flavors/{flavor_id}/os-extra_specs/'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=EXTRA_SPECS % 'update', check_str=base.ADMIN,
        description='Update an extra spec for a flavor',
        operations=[{'method': 'PUT',
                     'path': '/flavors/{flavor_id}/os-extra_specs/'
                             '{flavor_extra_spec_key}'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=EXTRA_SPECS % 'delete', check_str=base.ADMIN,
        description='Delete an extra spec for a flavor',
        operations=[{'method': 'DELETE',
                     'path': '/flavors/{flavor_id}/os-extra_specs/'
                             '{flavor_extra_spec_key}'}],
        scope_types=_P),
    policy.DocumentedRuleDefault(
        name=EXTRA_SPECS % 'index', check_str=base.PROJECT_READER_OR_ADMIN,
        description='List extra specs for a flavor. From microversion '
                    '2.61 this also decides whether extra_specs appear in '
                    'flavor bodies, and from 2.47 in the embedded flavor '
                    'of a server.',
        operations=[{'method': 'GET',
                     'path': '/flavors/{flavor_id}/os-extra_specs/'},
                    {'method': 'GET', 'path': '/flavors/detail'},
                    {'method': 'GET', 'path': '/flavors/{flavor_id}'}],
        scope_types=_P),
]


def list_rules():
    return rules
