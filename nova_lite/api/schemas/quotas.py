"""Bodies of PUT os-quota-sets and os-quota-class-sets, per microversion
(CHANGES: what the quota APIs and /limits show when)."""
import functools

from nova_lite.api import microversion
from nova_lite.api.schemas import types

_LIMIT = {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$',
          'minimum': -1, 'maximum': 2147483647}

NETWORK = ('floating_ips', 'fixed_ips', 'security_groups',
           'security_group_rules')
INJECTED = ('injected_files', 'injected_file_content_bytes',
            'injected_file_path_bytes')
SERVER_GROUPS = ('server_groups', 'server_group_members')
BASE = ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs')

CHANGES = microversion.Changes({
    'network_limits': (None, '2.35'),
    'image_meta_limit': (None, '2.38'),         # /limits maxImageMeta
    'class_network_limits': (None, '2.49'),
    'class_server_groups': '2.50',
    'injected_file_limits': (None, '2.56'),
})


def quota_set_resources(version):
    """Resource names os-quota-sets shows and accepts at `version`."""
    changes = CHANGES.at(version)
    names = list(BASE) + list(SERVER_GROUPS)
    if 'injected_file_limits' in changes:
        names += INJECTED
    if 'network_limits' in changes:
        names += NETWORK
    return names


def quota_class_resources(version):
    """Resource names os-quota-class-sets shows and accepts."""
    changes = CHANGES.at(version)
    names = list(BASE)
    if 'injected_file_limits' in changes:
        names += INJECTED
    if 'class_network_limits' in changes:
        names += NETWORK
    if 'class_server_groups' in changes:
        names += SERVER_GROUPS
    return names


@functools.lru_cache(maxsize=None)
def quota_set_update(version):
    props = {name: _LIMIT for name in quota_set_resources(version)}
    props['force'] = types.BOOLEAN
    return {
        'type': 'object',
        'properties': {
            'quota_set': {'type': 'object', 'properties': props,
                          'additionalProperties': False},
        },
        'required': ['quota_set'],
        'additionalProperties': False,
    }


@functools.lru_cache(maxsize=None)
def quota_class_update(version):
    props = {name: _LIMIT for name in quota_class_resources(version)}
    return {
        'type': 'object',
        'properties': {
            'quota_class_set': {'type': 'object', 'properties': props,
                                'additionalProperties': False},
        },
        'required': ['quota_class_set'],
        'additionalProperties': False,
    }
