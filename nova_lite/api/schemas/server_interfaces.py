"""Body of POST /servers/{id}/os-interface (tag from 2.49)."""
import copy

from nova_lite.api.schemas import types

_ATTACHMENT = {
    'type': 'object',
    'properties': {
        'interfaceAttachment': {
            'type': 'object',
            'properties': {
                'net_id': types.UUID,
                'port_id': types.UUID,
                'fixed_ips': {
                    'type': 'array', 'minItems': 1, 'maxItems': 1,
                    'items': {
                        'type': 'object',
                        'properties': {'ip_address': {
                            'type': 'string',
                            'oneOf': [{'format': 'ipv4'},
                                      {'format': 'ipv6'}]}},
                        'required': ['ip_address'],
                        'additionalProperties': False,
                    },
                },
            },
            'additionalProperties': False,
        },
    },
    'additionalProperties': False,
}

create = _ATTACHMENT
create_v249 = copy.deepcopy(_ATTACHMENT)
create_v249['properties']['interfaceAttachment']['properties']['tag'] = \
    types.TAG
