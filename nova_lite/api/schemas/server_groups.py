"""Bodies of POST /os-server-groups, by microversion."""
import copy

from nova_lite.api import microversion
from nova_lite.api.schemas import types

_POLICIES_21 = ['anti-affinity', 'affinity']
_POLICIES_215 = _POLICIES_21 + ['soft-anti-affinity', 'soft-affinity']

_CREATE = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': types.NAME,
                'policies': {
                    'type': 'array',
                    'items': [{'type': 'string', 'enum': _POLICIES_21}],
                    'uniqueItems': True,
                    'minItems': 1,
                    'maxItems': 1,
                    'additionalItems': False,
                },
            },
            'required': ['name', 'policies'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}

QUERY_PARAMS = {'all_projects', 'limit', 'offset'}


def create(version):
    schema = copy.deepcopy(_CREATE)
    group = schema['properties']['server_group']
    if version >= microversion.APIVersion('2.64'):
        del group['properties']['policies']
        group['properties']['policy'] = {'type': 'string',
                                         'enum': list(_POLICIES_215)}
        group['properties']['rules'] = {
            'type': 'object',
            'properties': {'max_server_per_host': types.POSITIVE_INT},
            'additionalProperties': False,
        }
        group['required'] = ['name', 'policy']
    elif version >= microversion.APIVersion('2.15'):
        group['properties']['policies']['items'][0]['enum'] = list(
            _POLICIES_215)
    return schema
