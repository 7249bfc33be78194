"""Body of POST /servers/{id}/action {"rebuild": ...}, by microversion."""
import copy

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


def rebuild(version):
    body = copy.deepcopy(_REBUILD)
    props = body['properties']
    at = version.__ge__
    if at(microversion.APIVersion('2.19')):
        props['description'] = types.DESCRIPTION
    if at(microversion.APIVersion('2.54')):
        props['key_name'] = {'type': ['string', 'null'], 'minLength': 1,
                             'maxLength': 255}
    if at(microversion.APIVersion('2.57')):
        props.pop('personality')
        props['user_data'] = {'type': ['string', 'null'],
                              'format': 'base64', 'maxLength': 65535}
    if at(microversion.APIVersion('2.63')):
        props['trusted_image_certificates'] = {
            'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
            'uniqueItems': True,
            'items': {'type': 'string', 'minLength': 1}}
    if at(microversion.APIVersion('2.90')):
        props['hostname'] = types.HOSTNAME
    return {
        'type': 'object',
        'properties': {'rebuild': body},
        'required': ['rebuild'],
        'additionalProperties': False,
    }
