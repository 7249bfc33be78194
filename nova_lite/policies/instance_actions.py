"""Policies of /servers/{server_id}/os-instance-actions."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

ROOT = 'os_compute_api:os-instance-actions:%s'
_ONE = '/servers/{server_id}/os-instance-actions/{request_id}'

rules = [
    rule(ROOT % 'events:details', base.ADMIN,
         'Add "details" key in action events for a server. This check is '
         'performed only after the check '
         'os_compute_api:os-instance-actions:show passes (2.84 and later).',
         'GET', _ONE),
    rule(ROOT % 'events', base.ADMIN,
         'Add events details in action details for a server. This check '
         'is performed only after the check '
         'os_compute_api:os-instance-actions:show passes.',
         'GET', _ONE),
    rule(ROOT % 'list', base.PROJECT_READER_OR_ADMIN,
         'List actions for a server.', 'GET',
         '/servers/{server_id}/os-instance-actions'),
    rule(ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show action details for a server.', 'GET', _ONE),
]


def list_rules():
    return rules
