"""Policies of resize, cold migration and the migrations lists (Nova's
names; the defaults of the release whose maximum microversion is 2.100)."""
from oslo_policy import policy

from nova_lite.policies import base
from nova_lite.policies import servers

RESIZE = servers.SERVERS % 'resize'
CONFIRM_RESIZE = servers.SERVERS % 'confirm_resize'
REVERT_RESIZE = servers.SERVERS % 'revert_resize'
MIGRATE = 'os_compute_api:os-migrate-server:migrate'
MIGRATIONS_INDEX = 'os_compute_api:os-migrations:index'
SERVER_MIGRATIONS = 'os_compute_api:servers:migrations:%s'

_P = ['project']


def _rule(name, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{'method': method, 'path': path}], scope_types=_P)


rules = [
    _rule(RESIZE, base.PROJECT_MEMBER_OR_ADMIN, 'Resize a server', 'POST',
          '/servers/{server_id}/action (resize)'),
    _rule(CONFIRM_RESIZE, base.PROJECT_MEMBER_OR_ADMIN,
          'Confirm a server resize', 'POST',
          '/servers/{server_id}/action (confirmResize)'),
    _rule(REVERT_RESIZE, base.PROJECT_MEMBER_OR_ADMIN,
          'Revert a server resize', 'POST',
          '/servers/{server_id}/action (revertResize)'),
    _rule(MIGRATE, base.ADMIN, 'Cold migrate a server to a host', 'POST',
          '/servers/{server_id}/action (migrate)'),
    _rule(MIGRATIONS_INDEX, base.ADMIN, 'List migrations', 'GET',
          '/os-migrations'),
    _rule(SERVER_MIGRATIONS % 'index', base.ADMIN,
          'Lists in-progress live migrations for a given server', 'GET',
          '/servers/{server_id}/migrations'),
    _rule(SERVER_MIGRATIONS % 'show', base.ADMIN,
          'Show details for an in-progress live migration for a given '
          'server', 'GET', '/servers/{server_id}/migrations/{migration_id}'),
]


def list_rules():
    return rules
