"""Policies of the os-services API."""
from oslo_policy import policy

from nova_lite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-services:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME % name, check_str=base.ADMIN,
        description=description, operations=operations,
        scope_types=['project'])
    for name, description, operations in (
        ('list', 'List all running Compute services in a region.',
         [{'method': 'GET', 'path': '/os-services'}]),
        ('update', 'Update a Compute service.',
         [{'method': 'PUT', 'path': '/os-services/{service_id}'}]),
        ('delete', 'Delete a Compute service.',
         [{'method': 'DELETE', 'path': '/os-services/{service_id}'}]),
    )
]


def list_rules():
    return rules
