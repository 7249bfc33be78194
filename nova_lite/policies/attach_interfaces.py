"""Policies of /servers/{server_id}/os-interface."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-attach-interfaces:%s'
_ALL = '/servers/{server_id}/os-interface'
_ONE = '/servers/{server_id}/os-interface/{port_id}'

rules = [
    rule(POLICY_ROOT % 'list', base.PROJECT_READER_OR_ADMIN,
         'List port interfaces attached to a server', 'GET', _ALL),
    rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show details of a port interface attached to a server', 'GET',
         _ONE),
    rule(POLICY_ROOT % 'create', base.PROJECT_MEMBER_OR_ADMIN,
         'Attach an interface to a server', 'POST', _ALL),
    rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Detach an interface from a server', 'DELETE', _ONE),
]


def list_rules():
    return rules
