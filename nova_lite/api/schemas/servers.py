"""Bodies of POST /servers and PUT /servers/{id}, by microversion."""
from nova_lite.api import microversion
from nova_lite.api.schemas import block_device_mapping as bdm_schemas
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
        'block_device_mapping': {'type': 'array',
                                 'items': bdm_schemas.LEGACY_ITEM},
        'block_device_mapping_v2': {'type': 'array',
                                    'items': bdm_schemas.V2_ITEM},
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


def _server(schema):
    return schema['properties']['server']


def _props(schema):
    return _server(schema)['properties']


def _description(schema):
    _props(schema)['description'] = types.DESCRIPTION


def _network_tag(schema):
    _props(schema)['networks']['items']['properties']['tag'] = types.TAG


def _networks_required(schema):
    props = _props(schema)
    props['networks'] = {'oneOf': [
        props['networks'],
        {'type': 'string', 'enum': ['none', 'auto']}]}
    props['networks']['oneOf'][0]['items']['properties']['uuid'] = {
        'type': 'string', 'format': 'uuid'}
    _server(schema)['required'] = ['name', 'flavorRef', 'networks']


def _bdm_tag(schema):
    bdm_schemas.add_tag(_props(schema))


def _no_bdm_tag(schema):
    bdm_schemas.drop_tag(_props(schema))


def _bdm_volume_type(schema):
    bdm_schemas.add_volume_type(_props(schema))


def _tags(schema):
    _props(schema)['tags'] = {'type': 'array', 'items': types.TAG,
                              'maxItems': 50}


def _no_personality(schema):
    _props(schema).pop('personality')


def _trusted_certs(schema):
    _props(schema)['trusted_image_certificates'] = {
        'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
        'uniqueItems': True, 'items': {'type': 'string', 'minLength': 1}}


def _requested_host(schema):
    props = _props(schema)
    props['host'] = {'type': 'string', 'minLength': 1, 'maxLength': 255}
    props['hypervisor_hostname'] = {'type': 'string', 'minLength': 1,
                                    'maxLength': 255}


def _hostname(schema):
    _props(schema)['hostname'] = types.HOSTNAME


def _fqdn_hostname(schema):
    _props(schema)['hostname'] = types.FQDN


def _pinned_availability_zone(schema):
    _props(schema)['pinned_availability_zone'] = types.NAME_OR_NONE


# POST /servers
CREATE = microversion.Steps({
    'type': 'object',
    'properties': {
        'server': _BASE_SERVER,
        'os:scheduler_hints': _HINTS,
        'OS-SCH-HNT:scheduler_hints': _HINTS,
    },
    'required': ['server'],
    'additionalProperties': False,
}, [
    ('2.19', _description),
    ('2.32', _network_tag),
    ('2.32', _bdm_tag),
    ('2.33', _no_bdm_tag),
    ('2.37', _networks_required),
    ('2.42', _bdm_tag),
    ('2.52', _tags),
    ('2.57', _no_personality),
    ('2.63', _trusted_certs),
    ('2.67', _bdm_volume_type),
    ('2.74', _requested_host),
    ('2.90', _hostname),
    ('2.94', _fqdn_hostname),
])

# PUT /servers/{id}
UPDATE = microversion.Steps({
    'type': 'object',
    'properties': {
        'server': {'type': 'object', 'properties': {
            'name': types.NAME,
            'accessIPv4': types.IPV4,
            'accessIPv6': types.IPV6,
            'OS-DCF:diskConfig': {'type': 'string',
                                  'enum': ['AUTO', 'MANUAL']},
        }, 'additionalProperties': False},
    },
    'required': ['server'],
    'additionalProperties': False,
}, [
    ('2.19', _description),
    ('2.90', _hostname),
    ('2.94', _fqdn_hostname),
    ('2.104', _pinned_availability_zone),
])
