"""Bodies of POST /servers/{id}/remote-consoles (2.6+) and of the legacy
os-getVNCConsole action (2.1-2.5), as Nova accepts them."""
import copy

from nova_lite.api import microversion

create_v26 = {
    'type': 'object',
    'properties': {
        'remote_console': {
            'type': 'object',
            'properties': {
                'protocol': {'type': 'string',
                             'enum': ['vnc', 'spice', 'rdp', 'serial']},
                'type': {'type': 'string',
                         'enum': ['novnc', 'xvpvnc', 'rdp-html5',
                                  'spice-html5', 'serial']},
            },
            'required': ['protocol', 'type'],
            'additionalProperties': False,
        },
    },
    'required': ['remote_console'],
    'additionalProperties': False,
}

create_v28 = copy.deepcopy(create_v26)
create_v28['properties']['remote_console']['properties']['protocol'][
    'enum'].append('mks')
create_v28['properties']['remote_console']['properties']['type'][
    'enum'].append('webmks')

create_v299 = copy.deepcopy(create_v28)
create_v299['properties']['remote_console']['properties']['type'][
    'enum'].append('spice-direct')

get_vnc_console = {
    'type': 'object',
    'properties': {
        'os-getVNCConsole': {
            'type': 'object',
            'properties': {
                'type': {'type': 'string', 'enum': ['novnc', 'xvpvnc']},
            },
            'required': ['type'],
            'additionalProperties': False,
        },
    },
    'required': ['os-getVNCConsole'],
    'additionalProperties': False,
}

# POST /servers/{id}/remote-consoles, by microversion.
CREATE = microversion.ByVersion({
    ('2.6', '2.7'): create_v26,
    ('2.8', '2.98'): create_v28,
    ('2.99', None): create_v299,
})
