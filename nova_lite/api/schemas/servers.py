"""Bodies of POST /servers and PUT /servers/{id}, by microversion."""
import copy

from nova_lite.api import microversion
from nova_lite.api.schemas import types

_NETWORK_ITEM = {
    'type': 'object',
    'properties': {
        'fixed_ip': {'type': 'string', 'oneOf': [{'format': 'ipv4'},
                                                  {'format': 'ipv6'}]},
        'port': {'oneOf': [{'type': 'string', 'format': 'uuid'},
                           {'type': 'null'}]},
        'uuid': {'type': 'string'},
    },
    'additionalProperties': False,
}

_BASE_SERVER = {
    'type': 'object',
    'properties': {
        'name': types.NAME,
        'imageRef': types.IMAGE_REF,
        'flavorRef': types.FLAVOR_REF,
        'adminPass': {'type': 'string'},
        'metadata': types.METADATA,
        'networks': {'type': 'array', 'items': _NETWORK_ITEM},
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
        'availability_zone': {'type': 'string', 'minLength': 1,
                              'maxLength': 255},
        'block_device_mapping': {'type': 'array'},
        'block_device_mapping_v2': {'type': 'array'},
        'config_drive': types.BOOLEAN,
        'key_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'min_count': types.POSITIVE_INT,
        'max_count': types.POSITIVE_INT,
        'return_reservation_id': types.BOOLEAN,
        'security_groups': {
            'type': 'array',
            'items': {'type': 'object',
                      'properties': {'name': {'type': 'string',
                                              'minLength': 1,
                                              'maxLength': 255}},
                      'additionalProperties': False}},
        'user_data': {'type': 'string', 'format': 'base64',
                      'maxLength': 65535},
    },
    'required': ['name', 'flavorRef'],
    'additionalProperties': False,
}

_HINTS = {
    'type': 'object',
    'properties': {
        'group': {'type': 'string', 'format': 'uuid'},
        'different_host': {'oneOf': [
            {'type': 'string', 'format': 'uuid'},
            {'type': 'array', 'items': {'type': 'string',
                                        'format': 'uuid'}}]},
        'same_host': {'oneOf': [
            {'type': 'string', 'format': 'uuid'},
            {'type': 'array', 'items': {'type': 'string',
                                        'format': 'uuid'}}]},
        'query': {'type': ['string', 'object']},
        'target_cell': {'type': 'string', 'minLength': 1},
        'different_cell': {'oneOf': [
            {'type': 'string'},
            {'type': 'array', 'items': {'type': 'string'}}]},
        'build_near_host_ip': {'type': 'string', 'oneOf': [
            {'format': 'ipv4'}, {'format': 'ipv6'}]},
        'cidr': {'type': 'string', 'pattern': '^/[0-9a-f.:]+$'},
    },
    'additionalProperties': True,
}


def create(version):
    """The POST /servers schema for an APIVersion."""
    server = copy.deepcopy(_BASE_SERVER)
    props = server['properties']
    at = version.__ge__
    if at(microversion.APIVersion('2.19')):
        props['description'] = types.DESCRIPTION
    if at(microversion.APIVersion('2.32')):
        props['networks']['items']['properties']['tag'] = types.TAG
    if at(microversion.APIVersion('2.37')):
        props['networks'] = {'oneOf': [
            props['networks'],
            {'type': 'string', 'enum': ['none', 'auto']}]}
        props['networks']['oneOf'][0]['items']['properties']['uuid'] = {
            'type': 'string', 'format': 'uuid'}
        server['required'] = ['name', 'flavorRef', 'networks']
    if at(microversion.APIVersion('2.52')):
        props['tags'] = {'type': 'array', 'items': types.TAG,
                         'maxItems': 50}
    if at(microversion.APIVersion('2.57')):
        props.pop('personality')
    if at(microversion.APIVersion('2.63')):
        props['trusted_image_certificates'] = {
            'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
            'uniqueItems': True,
            'items': {'type': 'string', 'minLength': 1}}
    if at(microversion.APIVersion('2.74')):
        props['host'] = {'type': 'string', 'minLength': 1,
                         'maxLength': 255}
        props['hypervisor_hostname'] = {'type': 'string', 'minLength': 1,
                                        'maxLength': 255}
    if at(microversion.APIVersion('2.90')):
        props['hostname'] = types.HOSTNAME
    return {
        'type': 'object',
        'properties': {
            'server': server,
            'os:scheduler_hints': _HINTS,
            'OS-SCH-HNT:scheduler_hints': _HINTS,
        },
        'required': ['server'],
        'additionalProperties': False,
    }


def update(version):
    props = {
        'name': types.NAME,
        'accessIPv4': types.IPV4,
        'accessIPv6': types.IPV6,
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    }
    if version >= microversion.APIVersion('2.19'):
        props['description'] = types.DESCRIPTION
    if version >= microversion.APIVersion('2.90'):
        props['hostname'] = types.HOSTNAME
    return {
        'type': 'object',
        'properties': {
            'server': {'type': 'object', 'properties': props,
                       'additionalProperties': False},
        },
        'required': ['server'],
        'additionalProperties': False,
    }
