"""quota_set / quota_class_set / limits bodies per microversion."""
from nova_lite.api.schemas import quotas as quota_schemas


def quota_set(version, values, project_id=None):
    """{'quota_set': {...}} with the resources shown at `version`; `id`
    only when project_id is given (PUT answers without it)."""
    body = {}
    if project_id is not None:
        body['id'] = str(project_id)
    for name in quota_schemas.quota_set_resources(version):
        if name in values:
            body[name] = values[name]
    return {'quota_set': body}


def quota_class_set(version, values, class_name=None):
    body = {}
    if class_name is not None:
        body['id'] = class_name
    for name in quota_schemas.quota_class_resources(version):
        if name in values:
            body[name] = values[name]
    return {'quota_class_set': body}


# limit name(s) per resource, and the usage totals.
_LIMIT_NAMES = (
    ('ram', ('maxTotalRAMSize',)),
    ('instances', ('maxTotalInstances',)),
    ('cores', ('maxTotalCores',)),
    ('key_pairs', ('maxTotalKeypairs',)),
    ('floating_ips', ('maxTotalFloatingIps',)),
    ('metadata_items', ('maxServerMeta', 'maxImageMeta')),
    ('injected_files', ('maxPersonality',)),
    ('injected_file_content_bytes', ('maxPersonalitySize',)),
    ('security_groups', ('maxSecurityGroups',)),
    ('security_group_rules', ('maxSecurityGroupRules',)),
    ('server_groups', ('maxServerGroups',)),
    ('server_group_members', ('maxServerGroupMembers',)),
)
_USED_NAMES = (
    ('ram', 'totalRAMUsed'),
    ('cores', 'totalCoresUsed'),
    ('instances', 'totalInstancesUsed'),
    ('floating_ips', 'totalFloatingIpsUsed'),
    ('security_groups', 'totalSecurityGroupsUsed'),
    ('server_groups', 'totalServerGroupsUsed'),
)


def _hidden(version):
    changes = quota_schemas.CHANGES.at(version)
    hidden = set()
    if 'network_limits' not in changes:
        hidden |= {'maxTotalFloatingIps', 'maxSecurityGroups',
                   'maxSecurityGroupRules', 'totalFloatingIpsUsed',
                   'totalSecurityGroupsUsed'}
    if 'image_meta_limit' not in changes:
        hidden.add('maxImageMeta')
    if 'injected_file_limits' not in changes:
        hidden |= {'maxPersonality', 'maxPersonalitySize'}
    return hidden


def limits(version, quotas):
    """GET /limits from {resource: {limit, in_use, reserved}}."""
    hidden = _hidden(version)
    absolute = {}
    for resource, names in _LIMIT_NAMES:
        if resource not in quotas:
            continue
        for name in names:
            if name not in hidden:
                absolute[name] = quotas[resource]['limit']
    for resource, name in _USED_NAMES:
        if resource in quotas and name not in hidden:
            absolute[name] = quotas[resource]['in_use']
    return {'limits': {'rate': [], 'absolute': absolute}}
