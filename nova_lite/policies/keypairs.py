"""Policies of the os-keypairs API: a user's own keypairs, or any for an
admin (user_id from 2.10)."""
from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-keypairs:%s'
_OWNER_OR_ADMIN = '(' + base.ADMIN + ') or user_id:%(user_id)s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % name, check_str=_OWNER_OR_ADMIN,
        description=description, operations=operations,
        scope_types=['project'])
    for name, description, operations in (
        ('index', 'List all keypairs',
         [{'method': 'GET', 'path': '/os-keypairs'}]),
        ('create', 'Create a keypair',
         [{'method': 'POST', 'path': '/os-keypairs'}]),
        ('delete', 'Delete a keypair',
         [{'method': 'DELETE', 'path': '/os-keypairs/{keypair_name}'}]),
        ('show', 'Show details of a keypair',
         [{'method': 'GET', 'path': '/os-keypairs/{keypair_name}'}]),
    )
]


def list_rules():
    return rules
