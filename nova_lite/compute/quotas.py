"""Quota arithmetic: defaults, per-project and per-user limits, usage and
the checks the API makes (server create, metadata, resize via
check_deltas).

Limits are layered like Nova's DbQuotaDriver: the [quota] options, then
the "default" quota class, then the project's own limits, then the user's
within the project. -1 means unlimited. Usage is counted from live rows
(instances, cores and ram from servers; key pairs and server groups where
those tables exist) at the time of the check; nothing is reserved.
"""
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF

# Resources in Nova's order, with the [quota] option each default comes
# from.
RESOURCES = (
    ('instances', 'instances'),
    ('cores', 'cores'),
    ('ram', 'ram'),
    ('metadata_items', 'metadata_items'),
    ('injected_files', 'injected_files'),
    ('injected_file_content_bytes', 'injected_file_content_bytes'),
    ('injected_file_path_bytes', 'injected_file_path_length'),
    ('key_pairs', 'key_pairs'),
    ('server_groups', 'server_groups'),
    ('server_group_members', 'server_group_members'),
)
# nova-network era limits, still shown (never enforced) before 2.36.
NETWORK_RESOURCES = {'floating_ips': 10, 'fixed_ips': -1,
                     'security_groups': 10, 'security_group_rules': 20}
INJECTED_FILE_RESOURCES = ('injected_files', 'injected_file_content_bytes',
                           'injected_file_path_bytes')
# Counted per user only (a user's key pairs are not a project's).
USER_ONLY_RESOURCES = ('key_pairs',)
# Counted per server group, never per project.
PER_GROUP_RESOURCES = ('server_group_members',)

ALL_RESOURCES = tuple(r for r, _ in RESOURCES) + tuple(NETWORK_RESOURCES)


def _noop():
    return CONF.quota.driver == 'nova.quota.NoopQuotaDriver'


def config_defaults():
    """{resource: limit} from [quota] (plus the legacy network limits)."""
    values = {name: getattr(CONF.quota, opt) for name, opt in RESOURCES}
    values.update(NETWORK_RESOURCES)
    return values


def _layer(base, *overrides):
    merged = dict(base)
    for override in overrides:
        for resource, limit in (override or {}).items():
            if resource in merged and limit is not None:
                merged[resource] = limit
    return merged


def merge_limits(stored, user=False):
    """Effective limits from the stored layers of Quotas.get_all():
    defaults <- class <- project (<- user)."""
    if _noop():
        return {r: -1 for r in ALL_RESOURCES}
    layers = [stored.get('class'), stored.get('project')]
    if user:
        layers.append(stored.get('user'))
    return _layer(config_defaults(), *layers)


def get_defaults(context):
    """The defaults a project without its own limits gets."""
    if _noop():
        return {r: -1 for r in ALL_RESOURCES}
    return _layer(config_defaults(),
                  objects.Quotas.get_class(context, 'default'))


def get_class_quotas(context, class_name):
    """Limits of a quota class: only "default" is honoured by Nova; other
    classes show the stored values over the defaults."""
    if _noop():
        return {r: -1 for r in ALL_RESOURCES}
    return _layer(config_defaults(),
                  objects.Quotas.get_class(context, class_name))


def _with_usage(limits, used):
    return {r: {'limit': limits[r], 'in_use': int(used.get(r, 0)),
                'reserved': 0} for r in limits}


def get_project_quotas(context, project_id, usages=False):
    """{resource: limit}, or {resource: {limit, in_use, reserved}}."""
    limits = merge_limits(objects.Quotas.get_all(context, project_id))
    if not usages:
        return limits
    counts = objects.Quotas.count_usage(context, project_id)
    return _with_usage(limits, counts['project'])


def get_user_quotas(context, project_id, user_id, usages=False):
    limits = merge_limits(objects.Quotas.get_all(context, project_id,
                                                 user_id=user_id), user=True)
    if not usages:
        return limits
    counts = objects.Quotas.count_usage(context, project_id, user_id=user_id)
    return _with_usage(limits, counts['user'])


def _unlimited(value):
    return float('inf') if value == -1 else value


def settable_range(context, project_id, user_id=None):
    """{resource: (minimum, maximum)} a new limit must fall in (-1 as
    maximum means no bound). A project's limit may not go below what is
    used nor below a user limit in it; a user's may not go below what the
    user uses nor above the project's limit."""
    stored = objects.Quotas.get_all(context, project_id, user_id=user_id)
    project_limits = merge_limits(stored)
    if user_id:
        used = objects.Quotas.count_usage(context, project_id,
                                          user_id=user_id)['user']
        return {r: (int(used.get(r, 0)), project_limits[r])
                for r in project_limits}
    used = objects.Quotas.count_usage(context, project_id)['project']
    user_limits = objects.Quotas.get_all_user_limits(context, project_id)
    result = {}
    for resource in project_limits:
        minimum = int(used.get(resource, 0))
        for limits in user_limits.values():
            value = limits.get(resource)
            if value is not None and value != -1:
                minimum = max(minimum, value)
        result[resource] = (minimum, -1)
    return result


def validate_limit(resource, limit, minimum, maximum):
    """Nova's 400 messages for a limit outside its settable range."""
    if limit < -1:
        raise exception.ValidationError(
            detail='Quota limit %s for %s must be -1 or greater.' %
                   (limit, resource))
    if _unlimited(limit) < _unlimited(minimum):
        raise exception.ValidationError(
            detail='Quota limit %s for %s must be greater than or equal to '
                   'already used and reserved %s.' %
                   (limit, resource, minimum))
    if _unlimited(limit) > _unlimited(maximum):
        raise exception.ValidationError(
            detail='Quota limit %s for %s must be less than or equal to '
                   '%s.' % (limit, resource, maximum))


# -- checks -----------------------------------------------------------------

def headroom(limits, used, deltas):
    """{resource: how much more fits} (inf when unlimited)."""
    return {r: _unlimited(limits.get(r, -1)) - used.get(r, 0)
            for r in deltas}


def find_overs(limits, used, deltas):
    """Resources whose usage plus delta would exceed their limit, in the
    order of `deltas`."""
    overs = []
    for resource, delta in deltas.items():
        limit = limits.get(resource, -1)
        if limit == -1:
            continue
        if used.get(resource, 0) + delta > limit:
            overs.append(resource)
    return overs


def _effective(context, project_id, user_id):
    """(limits, used) for a check: per resource, whichever of the project
    and user views has the least headroom."""
    both = objects.Quotas.get_limits_and_usage(context, project_id,
                                               user_id=user_id)
    stored, counts = both['stored'], both['counts']
    project_limits = merge_limits(stored)
    if not user_id:
        return project_limits, counts['project']
    user_limits = merge_limits(stored, user=True)
    limits, used = {}, {}
    for resource in project_limits:
        candidates = [(project_limits[resource],
                       counts['project'].get(resource, 0)),
                      (user_limits[resource],
                       counts['user'].get(resource, 0))]
        if resource in USER_ONLY_RESOURCES:
            candidates = candidates[1:]
        best = min(candidates, key=lambda c: _unlimited(c[0]) - c[1])
        limits[resource], used[resource] = best
    return limits, used


def check_deltas(context, project_id, user_id, deltas):
    """Raise OverQuotaDeltas (403) if adding `deltas` ({resource: n}) to
    what the project (and user) uses now would exceed a limit.

    The exception's kwargs carry overs, quotas, usages and deltas so a
    caller (resize, for one) can word its own message. Negative deltas
    never fail.
    """
    if _noop() or not deltas:
        return
    limits, used = _effective(context, project_id, user_id)
    overs = find_overs(limits, used, {r: d for r, d in deltas.items()
                                      if d > 0})
    if overs:
        raise exception.OverQuotaDeltas(
            overs=', '.join(overs), quotas=limits, usages=used,
            deltas=dict(deltas), over_list=overs)


def over_quota_message(overs, requested, limits, used):
    """Nova's TooManyInstances wording for `overs`."""
    return exception.TooManyInstances(
        overs=', '.join(overs),
        req=', '.join(str(requested[r]) for r in overs),
        used=', '.join(str(used.get(r, 0)) for r in overs),
        allowed=', '.join(str(limits[r]) for r in overs))


def allowed_instances(limits, used, flavor_vcpus, flavor_ram):
    """How many more servers of this size fit (None: unlimited)."""
    room = headroom(limits, used, ('instances', 'cores', 'ram'))
    allowed = room['instances']
    if flavor_vcpus:
        allowed = min(allowed, room['cores'] // flavor_vcpus)
    if flavor_ram:
        allowed = min(allowed, room['ram'] // flavor_ram)
    if allowed == float('inf'):
        return None
    return max(int(allowed), 0)


def check_num_instances(context, flavor, min_count, max_count,
                        project_id=None, user_id=None):
    """How many of max_count servers may be built (at least min_count), or
    TooManyInstances (403) with Nova's message."""
    if _noop():
        return max_count
    project_id = project_id or context.project_id
    user_id = user_id or context.user_id
    limits, used = _effective(context, project_id, user_id)
    deltas = {'instances': max_count, 'cores': max_count * flavor.vcpus,
              'ram': max_count * flavor.memory_mb}
    overs = find_overs(limits, used, deltas)
    if not overs:
        return max_count
    allowed = allowed_instances(limits, used, flavor.vcpus, flavor.memory_mb)
    if allowed is not None and min_count <= allowed < max_count:
        return allowed
    requested = dict(deltas)
    requested['instances'] = (str(min_count) if min_count == max_count
                              else '%s-%s' % (min_count, max_count))
    raise over_quota_message(overs, requested, limits, used)


def recheck_instances(context, flavor, project_id=None, user_id=None):
    """After creating servers: raise TooManyInstances if a concurrent
    request took the project over quota meanwhile ([quota]
    recheck_quota)."""
    if _noop() or not CONF.quota.recheck_quota:
        return
    project_id = project_id or context.project_id
    user_id = user_id or context.user_id
    limits, used = _effective(context, project_id, user_id)
    zero = {'instances': 0, 'cores': 0, 'ram': 0}
    overs = find_overs(limits, used, zero)
    if overs:
        raise over_quota_message(overs, zero, limits, used)


def check_metadata_items(context, metadata, project_id=None):
    """MetadataLimitExceeded (403) when a server would carry more metadata
    items than the project's metadata_items limit."""
    if _noop() or not metadata:
        return
    limits = merge_limits(objects.Quotas.get_all(
        context, project_id or context.project_id))
    allowed = limits['metadata_items']
    if allowed != -1 and len(metadata) > allowed:
        raise exception.MetadataLimitExceeded(allowed=allowed)


def recheck_or_undo(context, flavor, instances):
    """recheck_instances after creating `instances`; if over, delete them
    again and raise the TooManyInstances."""
    try:
        recheck_instances(context, flavor)
    except exception.TooManyInstances:
        for instance in instances:
            try:
                instance.destroy()
            except exception.InstanceNotFound:
                pass
        raise
