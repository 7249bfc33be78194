"""Bodies of /os-aggregates and its actions."""
from nova_lite.api.schemas import types

AZ_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}
AVAILABILITY_ZONE = {'oneOf': [AZ_NAME, {'type': 'null'}]}
FQDN = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': '^[a-zA-Z0-9-._]*$'}
METADATA_WITH_NULL = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': ['string', 'null'],
                                      'maxLength': 255},
    },
    'additionalProperties': False,
}


def _wrap(key, props, required=None, **extra):
    inner = {'type': 'object', 'properties': props,
             'additionalProperties': False}
    if required:
        inner['required'] = required
    inner.update(extra)
    return {'type': 'object', 'properties': {key: inner},
            'required': [key], 'additionalProperties': False}


CREATE = _wrap('aggregate', {'name': types.NAME,
                             'availability_zone': AVAILABILITY_ZONE},
               required=['name'])
UPDATE = _wrap('aggregate', {'name': types.NAME_WITH_SPACES,
                             'availability_zone': AVAILABILITY_ZONE},
               anyOf=[{'required': ['name']},
                      {'required': ['availability_zone']}])
ADD_HOST = _wrap('add_host', {'host': FQDN}, required=['host'])
REMOVE_HOST = _wrap('remove_host', {'host': FQDN}, required=['host'])
SET_METADATA = _wrap('set_metadata', {'metadata': METADATA_WITH_NULL},
                     required=['metadata'])
