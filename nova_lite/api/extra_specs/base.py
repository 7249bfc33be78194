"""One extra spec's rule: a name (with {parameters}) and a value rule.

A value rule is a dict: {'type': int, 'min': .., 'max': ..},
{'type': bool}, {'type': str, 'enum': [...]} or {'type': str,
'pattern': regex}; the error messages are Nova's.
"""
import re

from oslo_utils import strutils

from nova_lite import exception


def _fail(message):
    raise exception.ValidationError(detail='Validation failed; ' + message)


class Spec(object):
    """A known extra spec. `params` maps each {name} in the spec name to
    the regex it stands for."""

    def __init__(self, name, value, params=None, description=''):
        self.name = name
        self.value = value
        self.description = description
        regex = re.escape(name)
        for param, pattern in (params or {}).items():
            regex = regex.replace(re.escape('{%s}' % param),
                                  '(?P<%s>%s)' % (param, pattern))
        self.name_regex = regex
        if value['type'] not in (int, str, bool):
            raise ValueError('Unsupported value type %r' % value['type'])

    @property
    def namespace_regex(self):
        """The regex of the part before ':' (None without a namespace).
        Parameter patterns never use ':' so the first one splits."""
        if ':' not in self.name_regex:
            return None
        return self.name_regex.split(':', 1)[0]

    def matches(self, name):
        return re.fullmatch(self.name_regex, name) is not None

    def validate(self, name, value):
        if not self.matches(name):
            _fail("expected a name of format '%s' but got '%s'." %
                  (self.name, name))
        kind = self.value['type']
        if kind is int:
            self._int(value)
        elif kind is bool:
            try:
                strutils.bool_from_string(value, strict=True)
            except ValueError:
                _fail("'%s' is not a valid boolean-like value." % value)
        else:
            self._str(value)

    def _int(self, value):
        try:
            number = int(value)
        except (TypeError, ValueError):
            _fail("'%s' is not a valid integer value." % value)
        if 'max' in self.value and number > self.value['max']:
            _fail("'%s' is greater than the max value of '%s'." %
                  (number, self.value['max']))
        if 'min' in self.value and number < self.value['min']:
            _fail("'%s' is less than the min value of '%s'." %
                  (number, self.value['min']))

    def _str(self, value):
        value = str(value)
        if 'pattern' in self.value:
            if not re.fullmatch(self.value['pattern'], value):
                _fail("'%s' is not of the format '%s'." %
                      (value, self.value['pattern']))
        elif 'enum' in self.value:
            if value not in self.value['enum']:
                _fail("'%s' is not one of: %s." % (
                    value, ', '.join(str(x) for x in self.value['enum'])))
