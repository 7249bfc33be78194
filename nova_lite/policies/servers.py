"""Policies of the servers API (os_compute_api:servers:*)."""
from oslo_policy import policy

from nova_lite.policies import base

SERVERS = 'os_compute_api:servers:%s'
NETWORK_ATTACH_EXTERNAL = 'network:attach_external_network'
ZERO_DISK_FLAVOR = SERVERS % 'create:zero_disk_flavor'
REQUESTED_DESTINATION = 'compute:servers:create:requested_destination'
CROSS_CELL_RESIZE = 'compute:servers:resize:cross_cell'

_P = ['project']


def _rule(name, check_str, description, operations):
    return policy.DocumentedRuleDefault(
        name=SERVERS % name, check_str=check_str, description=description,
        operations=operations, scope_types=_P)


rules = [
    _rule('index', base.PROJECT_READER_OR_ADMIN, 'List all servers',
          [{'method': 'GET', 'path': '/servers'}]),
    _rule('detail', base.PROJECT_READER_OR_ADMIN,
          'List all servers with detailed information',
          [{'method': 'GET', 'path': '/servers/detail'}]),
    _rule('index:get_all_tenants', base.ADMIN,
          'List all servers for all projects',
          [{'method': 'GET', 'path': '/servers'}]),
    _rule('detail:get_all_tenants', base.ADMIN,
          'List all servers with detailed information for all projects',
          [{'method': 'GET', 'path': '/servers/detail'}]),
    _rule('allow_all_filters', base.ADMIN,
          'Allow all filters when listing servers',
          [{'method': 'GET', 'path': '/servers'},
           {'method': 'GET', 'path': '/servers/detail'}]),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'Show a server',
          [{'method': 'GET', 'path': '/servers/{server_id}'}]),
    _rule('show:flavor-extra-specs', base.PROJECT_READER_OR_ADMIN,
          'Starting with microversion 2.47, the flavor and its extra specs '
          'used for a server is also returned in the response when showing '
          'server details, updating a server or rebuilding a server.',
          [{'method': 'GET', 'path': '/servers/detail'},
           {'method': 'GET', 'path': '/servers/{server_id}'},
           {'method': 'PUT', 'path': '/servers/{server_id}'}]),
    _rule('show:host_status', base.ADMIN,
          'Show a server with additional host status information '
          '(microversion 2.16 and later).',
          [{'method': 'GET', 'path': '/servers/{server_id}'},
           {'method': 'GET', 'path': '/servers/detail'}]),
    _rule('show:host_status:unknown-only', base.ADMIN,
          'Show a server with the host status only when it is UNKNOWN.',
          [{'method': 'GET', 'path': '/servers/{server_id}'},
           {'method': 'GET', 'path': '/servers/detail'}]),
    _rule('create', base.PROJECT_MEMBER_OR_ADMIN, 'Create a server',
          [{'method': 'POST', 'path': '/servers'}]),
    _rule('create:forced_host', base.ADMIN,
          'Create a server on the specified host and/or node '
          '(availability_zone "zone:host:node").',
          [{'method': 'POST', 'path': '/servers'}]),
    policy.DocumentedRuleDefault(
        name=REQUESTED_DESTINATION, check_str=base.ADMIN,
        description='Create a server on the requested compute service '
                    'host and/or hypervisor_hostname (2.74 and later).',
        operations=[{'method': 'POST', 'path': '/servers'}],
        scope_types=_P),
    _rule('create:attach_volume', base.PROJECT_MEMBER_OR_ADMIN,
          'Create a server with the requested volume attached to it',
          [{'method': 'POST', 'path': '/servers'}]),
    _rule('create:attach_network', base.PROJECT_MEMBER_OR_ADMIN,
          'Create a server with the requested network attached to it',
          [{'method': 'POST', 'path': '/servers'}]),
    _rule('create:trusted_certs', base.PROJECT_MEMBER_OR_ADMIN,
          'Create a server with trusted image certificate IDs',
          [{'method': 'POST', 'path': '/servers'}]),
    _rule('create:zero_disk_flavor', base.ADMIN,
          'Create an image-backed server with a flavor whose root disk '
          'is zero.',
          [{'method': 'POST', 'path': '/servers'}]),
    policy.DocumentedRuleDefault(
        name=NETWORK_ATTACH_EXTERNAL, check_str=base.ADMIN,
        description='Attach an unshared external network to a server',
        operations=[{'method': 'POST', 'path': '/servers'},
                    {'method': 'POST',
                     'path': '/servers/{server_id}/os-interface'}],
        scope_types=_P),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server',
          [{'method': 'DELETE', 'path': '/servers/{server_id}'}]),
    _rule('update', base.PROJECT_MEMBER_OR_ADMIN, 'Update a server',
          [{'method': 'PUT', 'path': '/servers/{server_id}'}]),
    _rule('reboot', base.PROJECT_MEMBER_OR_ADMIN, 'Reboot a server',
          [{'method': 'POST', 'path': '/servers/{server_id}/action (reboot)'}]),
    _rule('start', base.PROJECT_MEMBER_OR_ADMIN, 'Start a server',
          [{'method': 'POST',
            'path': '/servers/{server_id}/action (os-start)'}]),
    _rule('stop', base.PROJECT_MEMBER_OR_ADMIN, 'Stop a server',
          [{'method': 'POST',
            'path': '/servers/{server_id}/action (os-stop)'}]),
]


def list_rules():
    return rules
