"""Policies of /servers/{server_id}/ips."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:ips:%s'

rules = [
    rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show IP addresses details for a network label of a  server',
         'GET', '/servers/{server_id}/ips/{network_label}'),
    rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
         'List IP addresses that are assigned to a server', 'GET',
         '/servers/{server_id}/ips'),
]


def list_rules():
    return rules
