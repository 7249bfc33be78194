"""Bodies of the os-volumes and os-snapshots proxies (up to 2.35)."""
from nova_lite.api.schemas import types

_SIZE = {'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
         'minimum': 1, 'minLength': 1}
_TEXT = {'type': ['string', 'null'], 'maxLength': 255}

create_volume = {
    'type': 'object',
    'properties': {'volume': {
        'type': 'object',
        'properties': {
            'volume_type': {'type': 'string'},
            'metadata': {'type': 'object'},
            'snapshot_id': types.UUID,
            'size': _SIZE,
            'availability_zone': {'type': 'string'},
            'display_name': _TEXT,
            'display_description': _TEXT,
        },
        'required': ['size'],
        'additionalProperties': False}},
    'required': ['volume'],
    'additionalProperties': False,
}

create_snapshot = {
    'type': 'object',
    'properties': {'snapshot': {
        'type': 'object',
        'properties': {
            'volume_id': types.UUID,
            'force': types.BOOLEAN,
            'display_name': _TEXT,
            'display_description': _TEXT,
        },
        'required': ['volume_id'],
        'additionalProperties': False}},
    'required': ['snapshot'],
    'additionalProperties': False,
}
