"""Bodies of POST /os-server-groups, by microversion."""
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


def _group(schema):
    return schema['properties']['server_group']


def _soft_policies(schema):
    _group(schema)['properties']['policies']['items'][0]['enum'] = list(
        _POLICIES_215)


def _policy_and_rules(schema):
    group = _group(schema)
    del group['properties']['policies']
    group['properties']['policy'] = {'type': 'string',
                                     'enum': list(_POLICIES_215)}
    group['properties']['rules'] = {
        'type': 'object',
        'properties': {'max_server_per_host': types.POSITIVE_INT},
        'additionalProperties': False,
    }
    group['required'] = ['name', 'policy']


CREATE = microversion.Steps(_CREATE, [
    ('2.15', _soft_policies),
    ('2.64', _policy_and_rules),
])
