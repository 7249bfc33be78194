"""Policies of /servers/{server_id}/os-server-password."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-server-password:%s'
_PATH = '/servers/{server_id}/os-server-password'

rules = [
    rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show the encrypted administrative password of a server', 'GET',
         _PATH),
    rule(POLICY_ROOT % 'clear', base.PROJECT_MEMBER_OR_ADMIN,
         'Clear the encrypted administrative password of a server',
         'DELETE', _PATH),
]


def list_rules():
    return rules
