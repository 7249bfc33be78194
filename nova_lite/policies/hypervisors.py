"""Policies of the os-hypervisors API."""
from oslo_policy import policy

from nova_lite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-hypervisors:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME % name, check_str=base.ADMIN,
        description=description, operations=operations,
        scope_types=['project'])
    for name, description, operations in (
        ('list', 'List all hypervisors.',
         [{'method': 'GET', 'path': '/os-hypervisors'}]),
        ('list-detail', 'List all hypervisors with details',
         [{'method': 'GET', 'path': '/os-hypervisors/detail'}]),
        ('statistics', 'Show summary statistics for all hypervisors '
                       'over all compute nodes.',
         [{'method': 'GET', 'path': '/os-hypervisors/statistics'}]),
        ('show', 'Show details for a hypervisor.',
         [{'method': 'GET', 'path': '/os-hypervisors/{hypervisor_id}'}]),
        ('uptime', 'Show the uptime of a hypervisor.',
         [{'method': 'GET',
           'path': '/os-hypervisors/{hypervisor_id}/uptime'}]),
        ('search', 'Search hypervisor by hypervisor_hostname pattern.',
         [{'method': 'GET',
           'path': '/os-hypervisors/{hypervisor_hostname_pattern}/search'}]),
        ('servers', 'List all servers on hypervisors that can match the '
                    'provided hypervisor_hostname pattern.',
         [{'method': 'GET',
           'path': '/os-hypervisors/{hypervisor_hostname_pattern}/servers'}]),
    )
]


def list_rules():
    return rules
