"""Bodies of the shelve, shelveOffload and unshelve server actions.

As in Nova, shelve and shelveOffload take any value (null by the
api-ref), and so does unshelve before 2.77.
"""
from nova_lite.api import microversion
from nova_lite.api.schemas import server_state_actions
from nova_lite.api.schemas import types

shelve = server_state_actions._any_action('shelve')
shelve_offload = server_state_actions._any_action('shelveOffload')
unshelve = server_state_actions._any_action('unshelve')

# 2.77: {"unshelve": null} or {"unshelve": {"availability_zone": "az"}}
# (not {"unshelve": {}}).
unshelve_v277 = {
    'type': 'object',
    'properties': {
        'unshelve': {
            'type': ['object', 'null'],
            'properties': {'availability_zone': types.NAME},
            'required': ['availability_zone'],
            'additionalProperties': False,
        },
    },
    'required': ['unshelve'],
    'additionalProperties': False,
}

# 2.91: also "host", and "availability_zone": null to unpin the server.
unshelve_v291 = {
    'type': 'object',
    'properties': {
        'unshelve': {
            'oneOf': [
                {
                    'type': 'object',
                    'properties': {
                        'availability_zone': {
                            'oneOf': [{'type': 'null'},
                                      {'type': 'string'}],
                        },
                        'host': {'type': 'string'},
                    },
                    'additionalProperties': False,
                },
                {'type': 'null'},
            ],
        },
    },
    'required': ['unshelve'],
    'additionalProperties': False,
}

UNSHELVE = microversion.ByVersion({
    (None, '2.76'): unshelve,
    ('2.77', '2.90'): unshelve_v277,
    ('2.91', None): unshelve_v291,
})
