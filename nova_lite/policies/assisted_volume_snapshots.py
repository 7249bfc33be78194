"""Policy of os-assisted-volume-snapshots: Cinder's volume drivers that
cannot snapshot an attached volume themselves (NFS and the other
remotefs drivers) ask Nova to; a service user, or an admin."""
from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-assisted-volume-snapshots:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create', check_str=base.SERVICE_OR_ADMIN,
        description='Create an assisted volume snapshot',
        operations=[{'path': '/os-assisted-volume-snapshots',
                     'method': 'POST'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete', check_str=base.SERVICE_OR_ADMIN,
        description='Delete an assisted volume snapshot',
        operations=[{'path': '/os-assisted-volume-snapshots/{snapshot_id}',
                     'method': 'DELETE'}],
        scope_types=['project']),
]


def list_rules():
    return rules
