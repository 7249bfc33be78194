"""Bodies of the resize, confirmResize, revertResize and migrate server
actions, and the query parameters of GET /os-migrations per
microversion."""
from nova_lite.api import microversion
from nova_lite.api.schemas import types

_flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}

resize = {
    'type': 'object',
    'properties': {
        'resize': {
            'type': 'object',
            'properties': {
                'flavorRef': _flavor_ref,
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
            },
            'required': ['flavorRef'],
            'additionalProperties': False,
        },
    },
    'required': ['resize'],
    'additionalProperties': False,
}

confirm_resize = {
    'type': 'object',
    'properties': {'confirmResize': types.NO_ARGUMENTS},
    'required': ['confirmResize'],
    'additionalProperties': False,
}

revert_resize = {
    'type': 'object',
    'properties': {'revertResize': types.NO_ARGUMENTS},
    'required': ['revertResize'],
    'additionalProperties': False,
}

# Before 2.56 the body of migrate is not validated (Nova ignores it).
migrate_v256 = {
    'type': 'object',
    'properties': {
        'migrate': {
            'type': ['object', 'null'],
            'properties': {
                'host': {'type': ['string', 'null'], 'minLength': 1,
                         'maxLength': 255,
                         'pattern': '^[a-zA-Z0-9-._]*$'},
            },
            'additionalProperties': False,
        },
    },
    'required': ['migrate'],
    'additionalProperties': False,
}


# The query parameters GET /os-migrations takes, by microversion (from
# 2.59 others are refused).
LIST_QUERY = microversion.Steps(
    {'hidden', 'host', 'instance_uuid', 'source_compute', 'status',
     'migration_type'},
    [('2.59', lambda params: params.update({'limit', 'marker',
                                            'changes-since'})),
     ('2.66', lambda params: params.add('changes-before')),
     ('2.80', lambda params: params.update({'user_id', 'project_id'}))])
