"""Body of POST /os-assisted-volume-snapshots and the query of its
DELETE (Nova's schemas: create_info is what Cinder's remotefs drivers
send, the qcow2 file they made for the guest to write to next)."""

create = {
    'type': 'object',
    'properties': {
        'snapshot': {
            'type': 'object',
            'properties': {
                'volume_id': {'type': 'string', 'minLength': 1},
                'create_info': {
                    'type': 'object',
                    'properties': {
                        'snapshot_id': {'type': 'string', 'minLength': 1},
                        'type': {'type': 'string', 'enum': ['qcow2']},
                        'new_file': {'type': 'string', 'minLength': 1},
                        'id': {'type': 'string', 'minLength': 1},
                    },
                    'required': ['snapshot_id', 'type', 'new_file'],
                    'additionalProperties': False,
                },
            },
            'required': ['volume_id', 'create_info'],
            'additionalProperties': False,
        },
    },
    'required': ['snapshot'],
    'additionalProperties': False,
}

# DELETE /os-assisted-volume-snapshots/{id}?delete_info=<JSON>; other
# parameters are ignored before 2.75 and refused from it.
DELETE_QUERY = {'delete_info'}
