"""Validation of flavor extra specs (microversion 2.86 and later)."""
import re

from nova_lite.api.extra_specs import registry
from nova_lite import exception

SPECS = {spec.name: spec for spec in registry.ALL}
NAMESPACES = {spec.namespace_regex for spec in registry.ALL
              if spec.namespace_regex}


def validate(name, value):
    """Raise ValidationError (400) unless `name` = `value` is an extra spec
    nova_lite accepts: a known key with a valid value, or a key outside the
    namespaces it knows."""
    spec = SPECS.get(name)
    if spec is None:
        spec = next((s for s in SPECS.values() if s.matches(name)), None)
    if spec is not None:
        spec.validate(name, value)
        return
    if ':' not in name:
        return
    namespace = name.split(':', 1)[0]
    if not any(re.fullmatch(ns, namespace) for ns in NAMESPACES):
        return
    raise exception.ValidationError(
        detail="Validation failed; extra spec '%s' does not appear to be a "
               "valid extra spec." % name)
