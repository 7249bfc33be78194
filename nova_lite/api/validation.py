"""Request body and query validation with jsonschema, Nova's messages.

Bad input is always a 400 badRequest; never a 500.
"""
import functools
import re

import jsonschema
from jsonschema import validators
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_lite.api import microversion
from nova_lite.api.schemas import types
from nova_lite import exception

_format_checker = jsonschema.FormatChecker()


@_format_checker.checks('uuid')
def _check_uuid(instance):
    if not isinstance(instance, str):
        return True
    return uuidutils.is_uuid_like(instance)


@_format_checker.checks('date-time')
def _check_datetime(instance):
    if not isinstance(instance, str):
        return True
    try:
        timeutils.parse_isotime(instance)
    except ValueError:
        return False
    return True


@_format_checker.checks('ipv4', raises=ValueError)
def _check_ipv4(instance):
    import ipaddress
    if isinstance(instance, str):
        ipaddress.IPv4Address(instance)
    return True


@_format_checker.checks('ipv6', raises=ValueError)
def _check_ipv6(instance):
    import ipaddress
    if isinstance(instance, str):
        ipaddress.IPv6Address(instance)
    return True


def canonical_ipv6(value):
    """An accessIPv6 as Nova stores it: the compressed form (a valid
    long form such as 0000:...:babe:220.12.22.2 is longer than the
    column). Validated already; None and '' pass through."""
    import ipaddress
    if not value:
        return value
    return str(ipaddress.IPv6Address(value))


def canonical_access_ips(values):
    """canonical_ipv6 on the access_ip_v6 of instance values, if set."""
    if values.get('access_ip_v6'):
        values['access_ip_v6'] = canonical_ipv6(values['access_ip_v6'])


@_format_checker.checks('base64')
def _check_base64(instance):
    import base64
    import binascii
    if not isinstance(instance, str):
        return True
    try:
        base64.b64decode(instance.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=None)
def _validator_class(schema_id):
    return validators.Draft4Validator


def _message(error):
    if error.validator == 'pattern' and \
            error.validator_value == types.NAME['pattern']:
        # Nova checks names with a format checker raising InvalidName.
        return ("An invalid 'name' value was provided. The name must be: "
                "printable characters. Can not start or end with "
                "whitespace.")
    if error.validator == 'format' and error.validator_value == 'base64':
        message = "'%s' is not a 'base64'" % (error.instance,)
    else:
        message = error.message
    # The innermost path element, a list index included (as Nova).
    path = list(error.path)
    if path:
        return ('Invalid input for field/attribute %(path)s. Value: '
                '%(value)s. %(message)s' % {'path': path[-1],
                                            'value': error.instance,
                                            'message': message})
    return message


def validate(body, schema):
    """Raise ValidationError (400) unless `body` matches `schema`."""
    validator = validators.Draft4Validator(schema,
                                           format_checker=_format_checker)
    try:
        errors = sorted(validator.iter_errors(body),
                        key=lambda e: len(list(e.path)))
    except Exception as exc:  # a schema bug must still be a clean error
        raise exception.ValidationError(detail=str(exc))
    if errors:
        raise exception.ValidationError(detail=_message(errors[0]))


# From 2.75 unknown query parameters are refused (400), not ignored.
STRICT_QUERY = microversion.Range('2.75')


def unexpected_query_message(names):
    """Nova's message for query parameters its schema does not allow
    (jsonschema's additionalProperties error on the query dict)."""
    return 'Additional properties are not allowed (%s %s unexpected)' % (
        ', '.join(repr(name) for name in names),
        'was' if len(names) == 1 else 'were')


def validate_query(params, allowed, strict=None, patterns=()):
    """Reject query parameters not in `allowed` (nor matching one of the
    regular expressions `patterns`, as a schema's patternProperties) when
    `strict` (by default from STRICT_QUERY on)."""
    if strict is None:
        strict = microversion.current() in STRICT_QUERY
    if not strict:
        return
    extra = sorted(name for name in set(params) - set(allowed)
                   if not any(re.search(p, name) for p in patterns))
    if extra and patterns:
        raise exception.ValidationError(
            detail='%s %s not match any of the regexes: %s' % (
                ', '.join(repr(name) for name in extra),
                'does' if len(extra) == 1 else 'do',
                ', '.join(repr(p) for p in sorted(patterns))))
    if extra:
        raise exception.ValidationError(
            detail=unexpected_query_message(extra))
