"""Who sees the OS-EXT-SRV-ATTR:* fields of a server."""
from oslo_policy import policy

from nova_lite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-extended-server-attributes'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME, check_str=base.ADMIN,
        description='Return extended attributes for server: host, '
                    'hypervisor_hostname, instance_name and, from 2.3, '
                    'reservation_id, launch_index, hostname, kernel_id, '
                    'ramdisk_id, root_device_name and user_data. From 2.90 '
                    'the hostname is shown to everyone who may see the '
                    'server.',
        operations=[{'method': 'GET', 'path': '/servers/{id}'},
                    {'method': 'GET', 'path': '/servers/detail'},
                    {'method': 'PUT', 'path': '/servers/{server_id}'}],
        scope_types=['project']),
]


def list_rules():
    return rules
