"""Bodies and query parameters of /os-keypairs, by microversion."""
import copy

from nova_lite.api import microversion
from nova_lite.api.schemas import types


def _props(schema):
    return schema['properties']['keypair']['properties']


def _key_type(schema):
    _props(schema)['type'] = {'type': 'string', 'enum': ['ssh', 'x509']}


def _user_id(schema):
    _props(schema)['user_id'] = {'type': 'string'}


def _public_key_required(schema):
    schema['properties']['keypair']['required'] = ['name', 'public_key']


CREATE = microversion.Steps({
    'type': 'object',
    'properties': {
        'keypair': {'type': 'object',
                    'properties': {'name': copy.deepcopy(types.NAME),
                                   'public_key': {'type': 'string'}},
                    'required': ['name'],
                    'additionalProperties': False},
    },
    'required': ['keypair'],
    'additionalProperties': False,
}, [
    ('2.2', _key_type),
    ('2.10', _user_id),
    ('2.92', _public_key_required),
])

# Allowed query parameters of GET /os-keypairs and of one keypair.
INDEX_QUERY = microversion.ByVersion({
    (None, '2.9'): frozenset(),
    ('2.10', '2.34'): frozenset({'user_id'}),
    ('2.35', None): frozenset({'user_id', 'limit', 'marker'}),
})
SHOW_QUERY = microversion.ByVersion({
    (None, '2.9'): frozenset(),
    ('2.10', None): frozenset({'user_id'}),
})
