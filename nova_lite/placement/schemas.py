"""The query strings each read accepts, by microversion (anything else is
Placement's 400 "Invalid query string parameters: ...")."""
import jsonschema

from nova_lite.placement import errors


def _query(properties, required=()):
    return {'type': 'object', 'properties': properties,
            'required': list(required), 'additionalProperties': False}


_UUID = {'type': 'string', 'format': 'uuid'}
_STRING = {'type': 'string'}
_ID = {'type': 'string', 'minLength': 1, 'maxLength': 255}


def providers_query(version):
    properties = {'name': _STRING, 'uuid': _UUID}
    if version.matches((1, 3)):
        properties['member_of'] = _STRING
    if version.matches((1, 4)):
        properties['resources'] = _STRING
    if version.matches((1, 14)):
        properties['in_tree'] = _UUID
    if version.matches((1, 18)):
        properties['required'] = _STRING
    return _query(properties)


def usages_query(version):
    properties = {'project_id': _ID, 'user_id': _ID}
    if version.matches((1, 38)):
        properties['consumer_type'] = _STRING
    return _query(properties, required=['project_id'])


def traits_query(version):
    return _query({'name': _STRING,
                   'associated': {'type': 'string',
                                  'enum': ['true', 'false']}})


NO_QUERY = _query({})


def validate(params, schema):
    """`params`: webob's MultiDict of the query string."""
    try:
        jsonschema.validate(dict(params), schema,
                            format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError as exc:
        raise errors.bad_request('Invalid query string parameters: %s' %
                                 exc.message)
