"""Bodies of PUT os-quota-sets and os-quota-class-sets, per microversion:
2.36 drops the network limits, 2.50 adds server groups to quota classes
(and drops their network limits), 2.57 drops the injected file limits."""
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


def quota_set_resources(version):
    """Resource names os-quota-sets shows and accepts at `version`."""
    names = list(BASE) + list(SERVER_GROUPS)
    if version < microversion.APIVersion('2.57'):
        names += INJECTED
    if version < microversion.APIVersion('2.36'):
        names += NETWORK
    return names


def quota_class_resources(version):
    """Resource names os-quota-class-sets shows and accepts."""
    names = list(BASE)
    if version < microversion.APIVersion('2.57'):
        names += INJECTED
    if version < microversion.APIVersion('2.50'):
        names += NETWORK
    else:
        names += SERVER_GROUPS
    return names


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
