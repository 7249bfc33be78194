"""Bodies of POST /servers/{id}/action for the supported actions."""
from nova_lite.api.schemas import types


reboot = {
    'type': 'object',
    'properties': {
        'reboot': {
            'type': 'object',
            'properties': {
                'type': {'type': 'string',
                         'enum': ['HARD', 'Hard', 'hard',
                                  'SOFT', 'Soft', 'soft']},
            },
            'required': ['type'],
            'additionalProperties': False,
        },
    },
    'required': ['reboot'],
    'additionalProperties': False,
}

start = {
    'type': 'object',
    'properties': {'os-start': types.NO_ARGUMENTS},
    'required': ['os-start'],
    'additionalProperties': False,
}

stop = {
    'type': 'object',
    'properties': {'os-stop': types.NO_ARGUMENTS},
    'required': ['os-stop'],
    'additionalProperties': False,
}

get_console_output = {
    'type': 'object',
    'properties': {
        'os-getConsoleOutput': {
            'type': 'object',
            'properties': {
                'length': {
                    'type': ['integer', 'string', 'null'],
                    'pattern': '^-?[0-9]+$',
                    'minimum': -1,
                },
            },
            'additionalProperties': False,
        },
    },
    'required': ['os-getConsoleOutput'],
    'additionalProperties': False,
}
