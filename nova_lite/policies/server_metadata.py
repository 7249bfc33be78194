"""Policies of /servers/{server_id}/metadata."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:server-metadata:%s'
_ALL = '/servers/{server_id}/metadata'
_ONE = '/servers/{server_id}/metadata/{key}'

rules = [
    rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
         'List all metadata of a server', 'GET', _ALL),
    rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show metadata for a server', 'GET', _ONE),
    rule(POLICY_ROOT % 'create', base.PROJECT_MEMBER_OR_ADMIN,
         'Create metadata for a server', 'POST', _ALL),
    rule(POLICY_ROOT % 'update_all', base.PROJECT_MEMBER_OR_ADMIN,
         'Replace metadata for a server', 'PUT', _ALL),
    rule(POLICY_ROOT % 'update', base.PROJECT_MEMBER_OR_ADMIN,
         'Update metadata from a server', 'PUT', _ONE),
    rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Delete metadata from a server', 'DELETE', _ONE),
]


def list_rules():
    return rules
