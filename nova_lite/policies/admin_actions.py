"""Policies of the admin-only server actions (os-resetState)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-admin-actions:%s'

rules = [
    rule(POLICY_ROOT % 'reset_state', base.ADMIN,
         'Reset the state of a given server', 'POST',
         '/servers/{server_id}/action (os-resetState)'),
    rule(POLICY_ROOT % 'inject_network_info', base.ADMIN,
         'Inject network information into the server', 'POST',
         '/servers/{server_id}/action (injectNetworkInfo)'),
]


def list_rules():
    return rules
