"""Reusable jsonschema fragments (Nova's parameter types, re-expressed)."""

# Names: printable, no leading/trailing whitespace.
NAME = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': r'^(?!\s)[\s\S]*(?<!\s)$',
}
# Names allowing surrounding whitespace (legacy behaviour of some fields).
NAME_WITH_SPACES = {'type': 'string', 'minLength': 1, 'maxLength': 255}

# A name, or null to clear it (Nova's name_or_none).
NAME_OR_NONE = {
    'oneOf': [
        {'type': 'string', 'minLength': 1, 'maxLength': 255},
        {'type': 'null'},
    ]
}

DESCRIPTION = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
}

UUID = {'type': 'string', 'format': 'uuid'}

# The value of an action that takes no arguments: null as the api-ref
# shows it, but Nova's schema takes any value (it never validated these
# bodies, and clients send {}).
NO_ARGUMENTS = {}

IMAGE_REF = {
    'oneOf': [
        {'type': 'string', 'format': 'uuid'},
        {'type': 'string', 'maxLength': 0},
    ],
}

FLAVOR_REF = {'type': ['string', 'integer'], 'minLength': 1}

POSITIVE_INT = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
    'minLength': 1,
}

NON_NEGATIVE_INT = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
    'minLength': 1,
}

BOOLEAN = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on',
             'YES', 'Yes', 'yes',
             False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off',
             'NO', 'No', 'no'],
}

METADATA = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

# A server's hostname at 2.90-2.93 (Nova's parameter_types.hostname) and
# from 2.94 (fqdn: dots, and underscores that real systems have).
HOSTNAME = {
    'type': 'string', 'pattern': '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$',
    'minLength': 2, 'maxLength': 63,
}
FQDN = {
    'type': 'string', 'pattern': '^[a-zA-Z0-9-._]*$',
    'minLength': 1, 'maxLength': 255,
}

TAG = {
    'type': 'string', 'minLength': 1, 'maxLength': 60,
    'pattern': '^[^,/]*$',
}

IPV4 = {'type': 'string', 'format': 'ipv4'}
IPV6 = {'type': 'string', 'format': 'ipv6'}
