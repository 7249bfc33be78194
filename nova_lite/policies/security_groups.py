"""Policies of a server's security groups (os-security-groups of a
server, addSecurityGroup/removeSecurityGroup) and of the deprecated
os-security-groups / os-security-group-rules proxies (up to 2.35)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-security-groups:%s'
_GROUPS = '/os-security-groups'
_GROUP = '/os-security-groups/{security_group_id}'

rules = [
    rule(POLICY_ROOT % 'get', base.PROJECT_READER_OR_ADMIN,
         'List security groups. This API is deprecated.', 'GET', _GROUPS),
    rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show security group. This API is deprecated.', 'GET', _GROUP),
    rule(POLICY_ROOT % 'create', base.PROJECT_MEMBER_OR_ADMIN,
         'Create security group. This API is deprecated.', 'POST', _GROUPS),
    rule(POLICY_ROOT % 'update', base.PROJECT_MEMBER_OR_ADMIN,
         'Update security group. This API is deprecated.', 'PUT', _GROUP),
    rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Delete security group. This API is deprecated.', 'DELETE',
         _GROUP),
    rule(POLICY_ROOT % 'rule:create', base.PROJECT_MEMBER_OR_ADMIN,
         'Create security group Rule. This API is deprecated.', 'POST',
         '/os-security-group-rules'),
    rule(POLICY_ROOT % 'rule:delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Delete security group Rule. This API is deprecated.', 'DELETE',
         '/os-security-group-rules/{security_group_id}'),
    rule(POLICY_ROOT % 'list', base.PROJECT_READER_OR_ADMIN,
         'List security groups of server.', 'GET',
         '/servers/{server_id}/os-security-groups'),
    rule(POLICY_ROOT % 'add', base.PROJECT_MEMBER_OR_ADMIN,
         'Add security groups to server.', 'POST',
         '/servers/{server_id}/action (addSecurityGroup)'),
    rule(POLICY_ROOT % 'remove', base.PROJECT_MEMBER_OR_ADMIN,
         'Remove security groups from server.', 'POST',
         '/servers/{server_id}/action (removeSecurityGroup)'),
]


def list_rules():
    return rules
