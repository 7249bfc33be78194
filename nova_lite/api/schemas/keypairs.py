"""Bodies and query parameters of /os-keypairs, by microversion."""
import copy

from nova_lite.api import microversion
from nova_lite.api.schemas import types

V = microversion.APIVersion


def create(version):
    props = {'name': copy.deepcopy(types.NAME),
             'public_key': {'type': 'string'}}
    if version >= V('2.2'):
        props['type'] = {'type': 'string', 'enum': ['ssh', 'x509']}
    if version >= V('2.10'):
        props['user_id'] = {'type': 'string'}
    required = ['name']
    if version >= V('2.92'):
        required = ['name', 'public_key']
    return {
        'type': 'object',
        'properties': {
            'keypair': {'type': 'object', 'properties': props,
                        'required': required,
                        'additionalProperties': False},
        },
        'required': ['keypair'],
        'additionalProperties': False,
    }


def index_query(version):
    """Allowed query parameters of GET /os-keypairs."""
    allowed = set()
    if version >= V('2.10'):
        allowed.add('user_id')
    if version >= V('2.35'):
        allowed |= {'limit', 'marker'}
    return allowed


def show_query(version):
    return {'user_id'} if version >= V('2.10') else set()
