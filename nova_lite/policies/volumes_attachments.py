"""Policies of /servers/{server_id}/os-volume_attachments (swap: only the
block storage service, which calls it while it migrates a volume)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-volumes-attachments:%s'
_ALL = '/servers/{server_id}/os-volume_attachments'
_ONE = '/servers/{server_id}/os-volume_attachments/{volume_id}'

rules = [
    rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
         'List volume attachments for an instance', 'GET', _ALL),
    rule(POLICY_ROOT % 'create', base.PROJECT_MEMBER_OR_ADMIN,
         'Attach a volume to an instance', 'POST', _ALL),
    rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show details of a volume attachment', 'GET', _ONE),
    rule(POLICY_ROOT % 'update', base.PROJECT_MEMBER_OR_ADMIN,
         'Update a volume attachment (its delete_on_termination, 2.85)',
         'PUT', _ONE),
    rule(POLICY_ROOT % 'swap', base.SERVICE_ROLE,
         'Update a volume attachment with a different volumeId', 'PUT',
         _ONE),
    rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
         'Detach a volume from an instance', 'DELETE', _ONE),
]


def list_rules():
    return rules
