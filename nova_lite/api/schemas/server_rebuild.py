"""Body of POST /servers/{id}/action {"rebuild": ...}, by microversion."""

from nova_lite.api import microversion
from nova_lite.api.schemas import types

_REBUILD = {
    'type': 'object',
    'properties': {
        'name': types.NAME,
        'imageRef': types.UUID,
        'adminPass': {'type': 'string'},
        'metadata': types.METADATA,
        'preserve_ephemeral': types.BOOLEAN,
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
        'accessIPv4': types.IPV4,
        'accessIPv6': types.IPV6,
        'personality': {
            'type': 'array',
            'items': {'type': 'object',
                      'properties': {'path': {'type': 'string'},
                                     'contents': {'type': 'string',
                                                  'format': 'base64'}},
                      'additionalProperties': False}},
    },
    'required': ['imageRef'],
    'additionalProperties': False,
}


def _props(schema):
    return schema['properties']['rebuild']['properties']


def _description(schema):
    _props(schema)['description'] = types.DESCRIPTION


def _key_name(schema):
    _props(schema)['key_name'] = {'type': ['string', 'null'],
                                  'minLength': 1, 'maxLength': 255}


def _user_data_not_personality(schema):
    props = _props(schema)
    props.pop('personality')
    props['user_data'] = {'type': ['string', 'null'], 'format': 'base64',
                          'maxLength': 65535}


def _trusted_certs(schema):
    _props(schema)['trusted_image_certificates'] = {
        'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
        'uniqueItems': True, 'items': {'type': 'string', 'minLength': 1}}


def _hostname(schema):
    _props(schema)['hostname'] = types.HOSTNAME


def _fqdn_hostname(schema):
    _props(schema)['hostname'] = types.FQDN


REBUILD = microversion.Steps({
    'type': 'object',
    'properties': {'rebuild': _REBUILD},
    'required': ['rebuild'],
    'additionalProperties': False,
}, [
    ('2.19', _description),
    ('2.54', _key_name),
    ('2.57', _user_data_not_personality),
    ('2.63', _trusted_certs),
    ('2.90', _hostname),
    ('2.94', _fqdn_hostname),
])
