"""Policies of the deprecated os-networks and os-tenant-networks proxies
(up to 2.35)."""
from nova_lite.policies import base
from nova_lite.policies._server_rule import rule

NETWORKS = 'os_compute_api:os-networks:%s'
TENANT_NETWORKS = 'os_compute_api:os-tenant-networks:%s'

rules = [
    rule(NETWORKS % 'list', base.PROJECT_READER_OR_ADMIN,
         'List networks for the project. This API is proxy calls to the '
         'Network service. This is deprecated.', 'GET', '/os-networks'),
    rule(NETWORKS % 'view', base.PROJECT_READER_OR_ADMIN,
         'Show network details. This API is proxy calls to the Network '
         'service. This is deprecated.', 'GET', '/os-networks/{network_id}'),
    rule(TENANT_NETWORKS % 'list', base.PROJECT_READER_OR_ADMIN,
         'List project networks. This API is proxy calls to the Network '
         'service. This is deprecated.', 'GET', '/os-tenant-networks'),
    rule(TENANT_NETWORKS % 'show', base.PROJECT_READER_OR_ADMIN,
         'Show project network details. This API is proxy calls to the '
         'Network service. This is deprecated.', 'GET',
         '/os-tenant-networks/{network_id}'),
]


def list_rules():
    return rules
