"""Policies of remote consoles and console auth tokens (Nova's names)."""
from oslo_policy import policy

from nova_lite.policies import base

REMOTE_CONSOLES = 'os_compute_api:os-remote-consoles'
CONSOLE_AUTH_TOKENS = 'os_compute_api:os-console-auth-tokens'

rules = [
    policy.DocumentedRuleDefault(
        name=REMOTE_CONSOLES, check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Generate a URL to access a remote server console.',
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-getVNCConsole)'},
            {'method': 'POST',
             'path': '/servers/{server_id}/remote-consoles'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=CONSOLE_AUTH_TOKENS, check_str=base.ADMIN,
        description='Show console connection information for a given '
                    'console authentication token',
        operations=[{'method': 'GET',
                     'path': '/os-console-auth-tokens/{console_token}'}],
        scope_types=['project']),
]


def list_rules():
    return rules
