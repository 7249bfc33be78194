"""Policy of os-server-external-events (sent by Neutron, Cinder, Ironic,
Cyborg: a service user, or an admin)."""
from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-server-external-events:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create', check_str=base.SERVICE_OR_ADMIN,
        description='Create one or more external events',
        operations=[{'path': '/os-server-external-events',
                     'method': 'POST'}],
        scope_types=['project']),
]


def list_rules():
    return rules
