"""Body of POST /os-server-external-events, by microversion."""
import functools

from nova_lite.api import microversion

# (event name, first microversion accepting it)
EVENT_NAMES = (
    ('network-changed', '2.1'),
    ('network-vif-plugged', '2.1'),
    ('network-vif-unplugged', '2.1'),
    ('network-vif-deleted', '2.1'),
    ('volume-extended', '2.51'),
    ('power-update', '2.76'),
    ('accelerator-request-bound', '2.82'),
    ('volume-reimaged', '2.93'),
)
EVENT_STATUSES = ['failed', 'completed', 'in-progress']


def names(version):
    return [name for name, since in EVENT_NAMES
            if version in microversion.Range(since)]


@functools.lru_cache(maxsize=None)
def create(version):
    return {
        'type': 'object',
        'properties': {
            'events': {
                'type': 'array', 'minItems': 1,
                'items': {
                    'type': 'object',
                    'properties': {
                        'server_uuid': {'type': 'string', 'format': 'uuid'},
                        'name': {'type': 'string', 'enum': names(version)},
                        'status': {'type': 'string',
                                   'enum': EVENT_STATUSES},
                        'tag': {'type': 'string', 'maxLength': 255},
                    },
                    'required': ['server_uuid', 'name'],
                    'additionalProperties': False,
                },
            },
        },
        'required': ['events'],
        'additionalProperties': False,
    }
