"""Policies of the deprecated os-volumes and os-snapshots proxies (up to
2.35)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_NAME = 'os_compute_api:os-volumes:%s'
_PROXY = ' This API is a proxy call to the Volume service. It is deprecated.'

rules = [
    rule(POLICY_NAME % 'list', base.PROJECT_READER_OR_ADMIN,
         'List volumes.' + _PROXY, 'GET', '/os-volumes'),
    rule(POLICY_NAME % 'create', base.PROJECT_MEMBER_OR_ADMIN,
         'Create volume.' + _PROXY, 'POST', '/os-volumes'),
    rule(POLICY_NAME % 'detail', base.PROJECT_READER_OR_ADMIN,
         'List volumes detail.' + _PROXY, 'GET', '/os-volumes/detail'),
    rule(POLICY_NAME % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show volume.' + _PROXY, 'GET', '/os-volumes/{volume_id}'),
    rule(POLICY_NAME % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Delete volume.' + _PROXY, 'DELETE', '/os-volumes/{volume_id}'),
    rule(POLICY_NAME % 'snapshots:list', base.PROJECT_READER_OR_ADMIN,
         'List snapshots.' + _PROXY, 'GET', '/os-snapshots'),
    rule(POLICY_NAME % 'snapshots:create', base.PROJECT_MEMBER_OR_ADMIN,
         'Create snapshots.' + _PROXY, 'POST', '/os-snapshots'),
    rule(POLICY_NAME % 'snapshots:detail', base.PROJECT_READER_OR_ADMIN,
         'List snapshots details.' + _PROXY, 'GET', '/os-snapshots/detail'),
    rule(POLICY_NAME % 'snapshots:show', base.PROJECT_READER_OR_ADMIN,
         'Show snapshot.' + _PROXY, 'GET', '/os-snapshots/{snapshot_id}'),
    rule(POLICY_NAME % 'snapshots:delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Delete snapshot.' + _PROXY, 'DELETE',
         '/os-snapshots/{snapshot_id}'),
]


def list_rules():
    return rules
