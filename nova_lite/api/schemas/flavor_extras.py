"""Bodies of flavor update (2.55), flavor extra specs and flavor access
actions."""

_KEY = '^[a-zA-Z0-9-_:. ]{1,255}$'
_VALUE = {'type': ['string', 'number', 'boolean'], 'minLength': 1,
          'maxLength': 255}

extra_specs_create = {
    'type': 'object',
    'properties': {
        'extra_specs': {
            'type': 'object',
            'patternProperties': {_KEY: _VALUE},
            'additionalProperties': False,
        },
    },
    'required': ['extra_specs'],
    'additionalProperties': False,
}

extra_spec_update = {
    'type': 'object',
    'patternProperties': {_KEY: _VALUE},
    'additionalProperties': False,
    'minProperties': 1,
    'maxProperties': 1,
}

flavor_update = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'description': {'type': ['string', 'null'], 'minLength': 0,
                                'maxLength': 65535},
            },
            'required': ['description'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}


def _tenant_action(name):
    return {
        'type': 'object',
        'properties': {
            name: {
                'type': 'object',
                'properties': {
                    'tenant': {'type': 'string', 'minLength': 1,
                               'maxLength': 255,
                               'pattern': '^[a-zA-Z0-9-_]*$'},
                },
                'required': ['tenant'],
                'additionalProperties': False,
            },
        },
        'required': [name],
        'additionalProperties': False,
    }


add_tenant_access = _tenant_action('addTenantAccess')
remove_tenant_access = _tenant_action('removeTenantAccess')
