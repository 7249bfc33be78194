"""Bodies of PUT /os-services/... (legacy actions before 2.53, by uuid
from 2.53)."""
from nova_lite.api import microversion
from nova_lite.api.schemas import types

_REASON = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_FQDN = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': '^[a-zA-Z0-9-._]*$'}


def _forced_down(schema):
    schema['properties']['forced_down'] = types.BOOLEAN


LEGACY_UPDATE = microversion.Steps({
    'type': 'object',
    'properties': {
        'host': _FQDN,
        'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'disabled_reason': _REASON},
    'required': ['host', 'binary'], 'additionalProperties': False,
}, [('2.11', _forced_down)])


UPDATE_V253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': _REASON,
        'forced_down': types.BOOLEAN,
    },
    'additionalProperties': False,
}
