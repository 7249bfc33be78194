"""Rebuild policies (Nova keeps them with the servers rules; the names
are Nova's)."""
from oslo_policy import policy

from nova_lite.policies import base
from nova_lite.policies import servers

REBUILD = servers.SERVERS % 'rebuild'
REBUILD_TRUSTED_CERTS = servers.SERVERS % 'rebuild:trusted_certs'

rules = [
    policy.DocumentedRuleDefault(
        name=REBUILD, check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Rebuild a server',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (rebuild)'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=REBUILD_TRUSTED_CERTS, check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Rebuild a server with trusted image certificate IDs',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (rebuild)'}],
        scope_types=['project']),
]


def list_rules():
    return rules
