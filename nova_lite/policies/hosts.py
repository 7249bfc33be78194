"""Policies of the os-hosts API (deprecated, removed at 2.43)."""
from oslo_policy import policy

from nova_lite.policies import base

POLICY_NAME = 'os_compute_api:os-hosts:%s'

_DEPRECATED = ' (deprecated: os-hypervisors and os-services replace it)'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_NAME % name, check_str=base.ADMIN,
        description=description + _DEPRECATED,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])
    for name, description, method, path in (
        ('list', 'List the hosts with their services and zones', 'GET',
         '/os-hosts'),
        ('show', "Show a host's resources and their use", 'GET',
         '/os-hosts/{host_name}'),
        ('update', 'Enable or disable a host, or its maintenance mode',
         'PUT', '/os-hosts/{host_name}'),
        ('reboot', 'Reboot a host', 'GET', '/os-hosts/{host_name}/reboot'),
        ('shutdown', 'Shut a host down', 'GET',
         '/os-hosts/{host_name}/shutdown'),
        ('start', 'Start a host up', 'GET', '/os-hosts/{host_name}/startup'),
    )
]


def list_rules():
    return rules
