"""Bodies of the createImage and createBackup server actions (Nova's
rules: name 1-255 without surrounding whitespace, metadata values
strings; createBackup needs backup_type and a rotation >= 0)."""
from nova_lite.api.schemas import types


def _action(name, properties, required):
    return {
        'type': 'object',
        'properties': {
            name: {
                'type': 'object',
                'properties': properties,
                'required': required,
                'additionalProperties': False,
            },
        },
        'required': [name],
        'additionalProperties': False,
    }


create_image = _action('createImage', {
    'name': types.NAME,
    'metadata': types.METADATA,
}, ['name'])

create_backup = _action('createBackup', {
    'name': types.NAME,
    'backup_type': {'type': 'string'},
    'rotation': types.NON_NEGATIVE_INT,
    'metadata': types.METADATA,
}, ['name', 'backup_type', 'rotation'])
