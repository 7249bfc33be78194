"""Policies of the shelve, shelveOffload and unshelve server actions."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

POLICY_ROOT = 'os_compute_api:os-shelve:%s'
_PATH = '/servers/{server_id}/action (%s)'

rules = [
    rule(POLICY_ROOT % 'shelve', base.PROJECT_MEMBER_OR_ADMIN,
         'Shelve server', 'POST', _PATH % 'shelve'),
    rule(POLICY_ROOT % 'unshelve', base.PROJECT_MEMBER_OR_ADMIN,
         'Unshelve (restore) shelved server', 'POST', _PATH % 'unshelve'),
    rule(POLICY_ROOT % 'unshelve_to_host', base.ADMIN,
         'Unshelve (restore) shelve offloaded server to a specific host',
         'POST', _PATH % 'unshelve'),
    rule(POLICY_ROOT % 'shelve_offload', base.ADMIN,
         'Shelf-offload (remove) server', 'POST', _PATH % 'shelveOffload'),
]


def list_rules():
    return rules
