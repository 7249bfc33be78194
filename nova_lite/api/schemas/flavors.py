"""Body of POST /flavors (os-flavor-manage)."""
from nova_lite.api import microversion
from nova_lite.api.schemas import types

_DB_MAX_INT = 2147483647

_create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': types.NAME,
                # Nova takes an integer id as well (Tempest sends one).
                'id': {
                    'type': ['string', 'integer', 'null'], 'minLength': 1,
                    'maxLength': 255,
                    'pattern': r'^(?! )[a-zA-Z0-9. _-]+(?<! )$',
                },
                'ram': dict(types.POSITIVE_INT, maximum=_DB_MAX_INT),
                'vcpus': dict(types.POSITIVE_INT, maximum=_DB_MAX_INT),
                'disk': dict(types.NON_NEGATIVE_INT, maximum=_DB_MAX_INT),
                'OS-FLV-EXT-DATA:ephemeral': dict(types.NON_NEGATIVE_INT,
                                                  maximum=_DB_MAX_INT),
                'swap': dict(types.NON_NEGATIVE_INT, maximum=_DB_MAX_INT),
                'rxtx_factor': {'type': ['number', 'string'],
                                'pattern': r'^[0-9]+(\.[0-9]+)?$',
                                'minimum': 0, 'exclusiveMinimum': True,
                                'maximum': 3.40282e+38},
                'os-flavor-access:is_public': types.BOOLEAN,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}


def _description(schema):
    schema['properties']['flavor']['properties']['description'] = {
        'type': ['string', 'null'], 'minLength': 0, 'maxLength': 65535,
    }


def _no_rxtx_factor(schema):
    del schema['properties']['flavor']['properties']['rxtx_factor']


CREATE = microversion.Steps(_create, [('2.55', _description),
                                      ('2.102', _no_rxtx_factor)])
