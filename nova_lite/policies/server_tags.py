"""Policies of /servers/{server_id}/tags (2.26)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-server-tags:%s'
_ALL = '/servers/{server_id}/tags'
_ONE = '/servers/{server_id}/tags/{tag}'

rules = [
    rule(POLICY_ROOT % 'delete_all', base.PROJECT_MEMBER_OR_ADMIN,
         'Delete all the server tags', 'DELETE', _ALL),
    rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
         'List all tags for given server', 'GET', _ALL),
    rule(POLICY_ROOT % 'update_all', base.PROJECT_MEMBER_OR_ADMIN,
         'Replace all tags on specified server with the new set of tags.',
         'PUT', _ALL),
    rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Delete a single tag from the specified server', 'DELETE', _ONE),
    rule(POLICY_ROOT % 'update', base.PROJECT_MEMBER_OR_ADMIN,
         'Add a single tag to the server if server has no specified tag',
         'PUT', _ONE),
    rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Check tag existence on the server.', 'GET', _ONE),
]


def list_rules():
    return rules
