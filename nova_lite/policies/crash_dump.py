"""Policy of the trigger_crash_dump server action (2.17)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_NAME = 'os_compute_api:servers:trigger_crash_dump'

rules = [
    rule(POLICY_NAME, base.PROJECT_MEMBER_OR_ADMIN,
         'Trigger crash dump in a server', 'POST',
         '/servers/{server_id}/action (trigger_crash_dump)'),
]


def list_rules():
    return rules
