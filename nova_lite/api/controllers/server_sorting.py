"""sort_key and sort_dir of GET /servers[/detail], by microversion.

Nova's list accepts a set of sortable columns. A second set was accepted
before Nova validated the query; those keys are ignored rather than
refused, until 2.75 refuses them. ``locked`` is one of them until 2.73
makes it sortable. A bad key's message lists the keys the microversion
accepts, in Nova's order.
"""
from nova_lite.api import microversion
from nova_lite import exception

_SORTABLE = (
    'access_ip_v4', 'access_ip_v6', 'auto_disk_config',
    'availability_zone', 'config_drive', 'created_at', 'display_description',
    'display_name', 'host', 'hostname', 'image_ref', 'instance_type_id',
    'kernel_id', 'key_name', 'launch_index', 'launched_at', 'locked_by',
    'node', 'power_state', 'progress', 'project_id', 'ramdisk_id',
    'root_device_name', 'task_state', 'terminated_at', 'updated_at',
    'user_id', 'uuid', 'vm_state')
_IGNORED = (
    'architecture', 'cell_name', 'cleaned', 'default_ephemeral_device',
    'default_swap_device', 'deleted', 'deleted_at', 'disable_terminate',
    'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data', 'launched_on',
    'locked', 'memory_mb', 'os_type', 'reservation_id', 'root_gb',
    'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode')
_IGNORED_FROM_273 = tuple(k for k in _IGNORED if k != 'locked')
_ADMIN_ONLY = frozenset(('host', 'node'))

# (sortable, ignored) keys, in the order a bad key's message names them.
_KEYS = microversion.ByVersion({
    ('2.1', '2.72'): (_SORTABLE, _IGNORED),
    ('2.73', '2.74'): (('locked',) + _SORTABLE, _IGNORED_FROM_273),
    ('2.75', None): (('locked',) + _SORTABLE, ()),
})


def _listed(keys):
    return '[%s]' % ', '.join("'%s'" % k for k in keys)


def sorting(ctx, params):
    """(sort_keys, sort_dirs) for the compute API from the query, None for
    either when none is given; 400 for an unknown key or direction, 403
    for an admin-only key asked by a non-admin."""
    sortable, ignored = _KEYS.current()
    keys = params.getall('sort_key')
    dirs = params.getall('sort_dir')
    for key in keys:
        if key not in sortable and key not in ignored:
            raise exception.ValidationError(
                detail="Invalid input for query parameters sort_key. Value: "
                       "%s. '%s' is not one of %s" %
                       (key, key, _listed(sortable + ignored)))
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise exception.ValidationError(
                detail="Invalid input received: Unknown sort direction, "
                       "must be 'desc' or 'asc'")
    for key in keys:
        if key in _ADMIN_ONLY and not ctx.is_admin:
            raise exception.NotAuthorized(
                'Only administrators can sort servers by %s' % key)
    kept = [k for k in keys
            if k not in ignored and (ctx.is_admin or k not in _ADMIN_ONLY)]
    if kept == keys:
        return keys or None, dirs or None
    # A key dropped (ignored, or admin-only for a non-admin) takes its
    # direction with it.
    pairs = [(k, dirs[i] if i < len(dirs) else None)
             for i, k in enumerate(keys)
             if k not in ignored and (ctx.is_admin or k not in _ADMIN_ONLY)]
    keys = [k for k, _ in pairs]
    dirs = [d for _, d in pairs if d is not None]
    return keys or None, dirs or None
