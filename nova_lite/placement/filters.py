"""GET /resource_providers filters: name, uuid, in_tree (every provider
here is a root, so a tree is one provider), resources (1.4: room for the
amounts now, within min_unit/max_unit/step_size), member_of (1.3; several
ANDed from 1.24; `!` forbidden from 1.32) and required (1.18; `!`
forbidden from 1.22; `in:` any-of and repeats from 1.39)."""
import os_resource_classes
import os_traits

from nova_lite.placement import errors


def known_resource_class(name):
    return name in os_resource_classes.STANDARDS


STANDARD_TRAITS = frozenset(os_traits.get_traits())


def known_trait(name):
    return name in STANDARD_TRAITS


def parse_resources(value):
    """'VCPU:2,MEMORY_MB:512' -> {'VCPU': 2, 'MEMORY_MB': 512}."""
    if not value.strip():
        raise errors.bad_request(
            'Badly formed resources parameter. Expected resources query '
            'string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. '
            'Got: empty string.')
    wanted = {}
    for part in value.split(','):
        name, sep, amount = part.partition(':')
        try:
            amount = int(amount)
        except ValueError:
            amount = None
        if not sep or amount is None or amount < 1:
            raise errors.bad_request(
                'Badly formed resources parameter. Expected resources '
                'query string parameter in form: '
                '?resources=VCPU:2,MEMORY_MB:1024. Got: %s.' % part)
        if name in wanted:
            raise errors.bad_request(
                'Badly formed resources parameter. Expected resources '
                'query string parameter in form: '
                '?resources=VCPU:2,MEMORY_MB:1024. Got: %s. Resource class '
                '%s was specified more than once.' % (part, name))
        wanted[name] = amount
    unknown = sorted(n for n in wanted if not known_resource_class(n))
    if unknown:
        raise errors.bad_request(
            'Invalid resource class in resources parameter: No such '
            'resource class %s.' % unknown[0])
    return wanted


def _split_in(value):
    if value.startswith('in:'):
        return [v for v in value[3:].split(',') if v]
    return [value]


def parse_member_of(values, version):
    """[(any-of set, forbidden?)] from the member_of parameters."""
    if len(values) > 1 and not version.matches((1, 24)):
        values = values[-1:]
    groups = []
    for value in values:
        forbidden = value.startswith('!') and version.matches((1, 32))
        if forbidden:
            value = value[1:]
        uuids = _split_in(value)
        if not uuids or any(u.startswith('!') for u in uuids):
            raise errors.bad_request(
                'Invalid query string parameters: Expected \'member_of\' '
                'parameter to contain valid UUID(s). Got: %s' % value,
                code=errors.QUERYPARAM_BAD_VALUE)
        groups.append((set(uuids), forbidden))
    return groups


def parse_required(values, version):
    """[(any-of set, forbidden?)] from the required parameters."""
    if len(values) > 1 and not version.matches((1, 39)):
        values = values[-1:]
    groups = []
    for value in values:
        if value.startswith('in:') and version.matches((1, 39)):
            groups.append((set(value[3:].split(',')), False))
            continue
        for name in value.split(','):
            forbidden = name.startswith('!') and version.matches((1, 22))
            groups.append(({name[1:] if forbidden else name}, forbidden))
    names = sorted({n for group, _ in groups for n in group})
    if not all(names):
        raise errors.bad_request(
            "Invalid query string parameters: Expected 'required' "
            "parameter value of the form: HW_CPU_X86_VMX,!CUSTOM_MAGIC. "
            "Got: %s" % ','.join(values))
    unknown = [n for n in names if not known_trait(n)]
    if unknown:
        raise errors.bad_request(
            'Invalid trait(s) in "required" parameter: No such trait(s): '
            '%s.' % ', '.join(unknown))
    return groups


def _passes(groups, have):
    for any_of, forbidden in groups:
        hit = bool(any_of & have)
        if hit == forbidden:
            return False
    return True


def apply(view, records, params, version):
    """The providers among `records` that pass the request's filters."""
    if 'name' in params:
        records = [r for r in records if r.name == params['name']]
    if 'uuid' in params:
        records = [r for r in records if r.uuid == params['uuid']]
    if 'in_tree' in params:
        records = [r for r in records if r.root_provider_uuid ==
                   params['in_tree']]
    if 'member_of' in params:
        groups = parse_member_of(params.getall('member_of'), version)
        by_host = view.aggregates_by_host()
        records = [r for r in records if _passes(
            groups, by_host.get(r.node.host, set()))]
    if 'required' in params:
        groups = parse_required(params.getall('required'), version)
        disabled = view.disabled_hosts()
        records = [r for r in records if _passes(
            groups, set(view.traits(r, disabled)))]
    if 'resources' in params:
        wanted = parse_resources(params['resources'])
        allocations = view.allocations()
        records = [r for r in records if view.fits(r, wanted, allocations)]
    return records
