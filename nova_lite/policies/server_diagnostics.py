"""Policy of /servers/{server_id}/diagnostics."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

BASE_POLICY_NAME = 'os_compute_api:os-server-diagnostics'

rules = [
    rule(BASE_POLICY_NAME, base.ADMIN, 'Show the usage data for a server',
         'GET', '/servers/{server_id}/diagnostics'),
]


def list_rules():
    return rules
