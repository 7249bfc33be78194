"""Bodies of /servers/{id}/metadata and /metadata/{key}."""
from nova_lite.api.schemas import types

_METADATA = {
    'type': 'object',
    'properties': {'metadata': types.METADATA},
    'required': ['metadata'],
    'additionalProperties': False,
}

create = _METADATA
update_all = _METADATA

update = {
    'type': 'object',
    'properties': {
        'meta': dict(types.METADATA, minProperties=1, maxProperties=1),
    },
    'required': ['meta'],
    'additionalProperties': False,
}
