"""Bodies of the server actions in server_state_actions.py."""
import copy

from nova_lite.api.schemas import types


def _null_action(name):
    return {
        'type': 'object',
        'properties': {name: types.NO_ARGUMENTS},
        'required': [name],
        'additionalProperties': False,
    }


def _strictly_null_action(name):
    """Nova has validated this one as null from its first microversion."""
    return {
        'type': 'object',
        'properties': {name: {'type': 'null'}},
        'required': [name],
        'additionalProperties': False,
    }


def _any_action(name):
    return {
        'type': 'object',
        'properties': {name: {}},
        'required': [name],
        'additionalProperties': False,
    }


pause = _null_action('pause')
unpause = _null_action('unpause')
suspend = _null_action('suspend')
resume = _null_action('resume')
unrescue = _null_action('unrescue')
trigger_crash_dump = _strictly_null_action('trigger_crash_dump')
force_delete = _null_action('forceDelete')
restore = _null_action('restore')

lock = _any_action('lock')
lock_v273 = copy.deepcopy(lock)
lock_v273['properties']['lock'] = {
    'type': ['object', 'null'],
    'properties': {
        'locked_reason': {'type': 'string', 'minLength': 1,
                          'maxLength': 255},
    },
    'additionalProperties': False,
}
unlock = _any_action('unlock')

rescue = {
    'type': 'object',
    'properties': {
        'rescue': {
            'type': ['object', 'null'],
            'properties': {
                'adminPass': {'type': 'string'},
                'rescue_image_ref': {'type': 'string', 'format': 'uuid'},
            },
            'additionalProperties': False,
        },
    },
    'required': ['rescue'],
    'additionalProperties': False,
}

reset_state = {
    'type': 'object',
    'properties': {
        'os-resetState': {
            'type': 'object',
            'properties': {
                'state': {'type': 'string', 'enum': ['active', 'error']},
            },
            'required': ['state'],
            'additionalProperties': False,
        },
    },
    'required': ['os-resetState'],
    'additionalProperties': False,
}
