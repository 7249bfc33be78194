"""Policies of the os-aggregates API (admin)."""
from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-aggregates:%s'
_ACTION = '/os-aggregates/{aggregate_id}/action (%s)'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % name, check_str=base.ADMIN,
        description=description, operations=operations,
        scope_types=['project'])
    for name, description, operations in (
        ('set_metadata', 'Create or replace metadata for an aggregate',
         [{'method': 'POST', 'path': _ACTION % 'set_metadata'}]),
        ('add_host', 'Add a host to an aggregate',
         [{'method': 'POST', 'path': _ACTION % 'add_host'}]),
        ('create', 'Create an aggregate',
         [{'method': 'POST', 'path': '/os-aggregates'}]),
        ('remove_host', 'Remove a host from an aggregate',
         [{'method': 'POST', 'path': _ACTION % 'remove_host'}]),
        ('update', 'Update name and/or availability zone of an aggregate',
         [{'method': 'PUT', 'path': '/os-aggregates/{aggregate_id}'}]),
        ('index', 'List all aggregates',
         [{'method': 'GET', 'path': '/os-aggregates'}]),
        ('delete', 'Delete an aggregate',
         [{'method': 'DELETE', 'path': '/os-aggregates/{aggregate_id}'}]),
        ('show', 'Show details for an aggregate',
         [{'method': 'GET', 'path': '/os-aggregates/{aggregate_id}'}]),
    )
]


def list_rules():
    return rules
