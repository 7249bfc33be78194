"""The block device mappings of POST /servers (Nova's
``block_device_mapping`` legacy items and ``block_device_mapping_v2``
items), and the microversion steps that change them: a ``tag`` at 2.32
only, then again from 2.42; ``volume_type`` from 2.67."""
from nova_lite.api.schemas import types

VOLUME_SIZE = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]+$', 'minimum': 1,
    'maximum': 0x7FFFFFFF,
}

VOLUME_TYPE = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255}

# The legacy (v2.0) form, also the base of the v2 form.
LEGACY_ITEM = {
    'type': 'object',
    'properties': {
        'virtual_name': {'type': 'string', 'maxLength': 255},
        'volume_id': types.UUID,
        'snapshot_id': types.UUID,
        'volume_size': VOLUME_SIZE,
        # No empty names, no spaces (Nova's validate_device_name).
        'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9._/-]*$'},
        'delete_on_termination': types.BOOLEAN,
        'no_device': {},
        'connection_info': {'type': 'string', 'maxLength': 16777215},
    },
    'additionalProperties': False,
}

V2_ITEM = {
    'type': 'object',
    'properties': dict(LEGACY_ITEM['properties'], **{
        'source_type': {'type': 'string',
                        'enum': ['volume', 'image', 'snapshot', 'blank']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': '^[a-zA-Z0-9._-]*$'},
        'image_id': types.UUID,
        'destination_type': {'type': 'string',
                             'enum': ['local', 'volume']},
        'guest_format': {'type': 'string', 'maxLength': 255},
        'device_type': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        # None stays accepted, as in the legacy v2 API.
        'boot_index': {'type': ['integer', 'string', 'null'],
                       'pattern': '^-?[0-9]+$'},
    }),
    'additionalProperties': False,
}


def _v2_item(server_props):
    return server_props['block_device_mapping_v2']['items']


def add_tag(server_props):
    _v2_item(server_props)['properties']['tag'] = types.TAG


def drop_tag(server_props):
    # 2.32 took tags by mistake in that version only; 2.42 re-adds them.
    _v2_item(server_props)['properties'].pop('tag', None)


def add_volume_type(server_props):
    _v2_item(server_props)['properties']['volume_type'] = VOLUME_TYPE
