"""/servers: list, detail, create, show, update, delete.

Each handler: context, policy, validate, call compute API, shape the
response. Server actions live in server_actions.py.
"""
import secrets
import string

import pecan
from oslo_utils import strutils

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_groups
from nova_lite.api.controllers import server_lookup
from nova_lite.api.controllers import server_sorting
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import servers as server_schemas
from nova_lite.api import validation
from nova_lite.api.views import links
from nova_lite.api.views import server_states
from nova_lite.api.views import servers as server_views
from nova_lite.api.views import services as service_views
from nova_lite.compute.boot_from_volume import requests as bdm_requests
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import servers as server_policy

SERVERS = server_policy.SERVERS
# Multiattach volumes may be mapped from 2.60 on.
MULTIATTACH = microversion.Range('2.60')

# Query parameters anyone may use; the rest need allow_all_filters.
_USER_FILTERS = {
    'reservation_id', 'name', 'status', 'image', 'flavor', 'ip',
    'changes-since', 'changes-before', 'all_tenants', 'ip6', 'tags',
    'tags-any', 'not-tags', 'not-tags-any', 'locked',
    # 2.83
    'availability_zone', 'config_drive', 'key_name', 'created_at',
    'launched_at', 'terminated_at', 'power_state', 'task_state',
    'vm_state', 'progress', 'user_id',
}
_ADMIN_FILTERS = {
    'host', 'node', 'project_id', 'tenant_id', 'deleted', 'hostname',
    'uuid', 'access_ip_v4', 'access_ip_v6', 'kernel_id', 'ramdisk_id',
    'root_device_name', 'launch_index', 'description', 'display_name',
    'display_description', 'image_ref', 'instance_type_id', 'locked_by',
    'soft_deleted', 'updated_at', 'accessIPv4', 'accessIPv6',
}
_PAGING = {'limit', 'marker', 'sort_key', 'sort_dir'}
# 2.26: tags filters, comma-separated tag names.
_TAG_FILTERS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')
_EXPECTED_ATTRS = ['fault', 'tags']


def _views():
    return server_views.ViewBuilder(pecan.request, base.context())


def _get_instance(ctx, server_id, rule, target=server_lookup.OWNER):
    return server_lookup.instance_for(ctx, server_id, SERVERS % rule, target,
                                      expected_attrs=_EXPECTED_ATTRS)


def host_statuses(ctx):
    """host -> UP/DOWN/MAINTENANCE/UNKNOWN for the compute services."""
    result = {}
    for service in objects.ServiceList.get_all(ctx.elevated()):
        if not service_views.is_compute(service.binary):
            continue
        if service.forced_down:
            result[service.host] = 'DOWN'
        elif service.disabled:
            result[service.host] = 'MAINTENANCE'
        elif service_views.is_up(service):
            result[service.host] = 'UP'
        else:
            result[service.host] = 'UNKNOWN'
    return result


def _wants_host_status(ctx):
    return 'host_status' in server_views.CHANGES.current() and ctx.can(
        SERVERS % 'show:host_status', {'project_id': ctx.project_id},
        fatal=False)


def build_search_opts(ctx, params, detail):
    """Translate GET /servers query parameters into compute search_opts.

    Returns None when the filter can match nothing (an unknown status
    before 2.38)."""
    changes = server_views.CHANGES.current()
    allowed = _USER_FILTERS | _ADMIN_FILTERS | _PAGING
    # Nova's server list schema also takes any parameter starting '_'.
    validation.validate_query(params, allowed, patterns=('^_',))
    all_filters = ctx.can(SERVERS % 'allow_all_filters',
                          {'project_id': ctx.project_id}, fatal=False)
    opts = {}
    for key in params:
        if key in _PAGING or key not in allowed:
            continue
        if key not in _USER_FILTERS and not all_filters:
            continue
        values = params.getall(key)
        opts[key] = values if key == 'status' else values[-1]

    statuses = opts.pop('status', None)
    if statuses:
        vm_states, task_states, any_task = [], [], False
        for value in statuses:
            states, tasks = server_states.states_from_status(value)
            if not states:
                if 'invalid_status_400' in changes:
                    raise exception.ValidationError(
                        detail='Invalid status value')
                return None
            vm_states.extend(s for s in states if s not in vm_states)
            if tasks is None:
                any_task = True
            else:
                task_states.extend(tasks)
        opts['vm_state'] = vm_states
        if not any_task:
            opts['task_state'] = task_states

    for key in ('changes-since', 'changes-before'):
        if key in opts:
            opts[key] = base.time_param(opts, key)
    if 'changes-since' in opts and 'changes-before' in opts and \
            opts['changes-since'] > opts['changes-before']:
        raise exception.ValidationError(
            detail='The value of changes-since must be less than or equal '
                   'to changes-before.')

    if 'tenant_id' in opts:
        opts.setdefault('project_id', opts.pop('tenant_id'))
    all_tenants = False
    if 'all_tenants' in opts:
        all_tenants = base.bool_param('all_tenants', opts.pop('all_tenants'))
    if all_tenants:
        ctx.can(SERVERS % ('detail:get_all_tenants' if detail
                           else 'index:get_all_tenants'),
                {'project_id': ctx.project_id})
        opts['all_tenants'] = True
    elif 'project_id' not in opts or not all_filters:
        opts['project_id'] = ctx.project_id

    if 'deleted' in opts:
        opts['deleted'] = base.bool_param('deleted', opts['deleted'])
    elif not ({'changes-since', 'changes-before'} & set(opts)) and \
            'deleted' not in (opts.get('vm_state') or []):
        opts['deleted'] = False
    if 'locked' in opts:
        if 'locked_filter' not in changes and not all_filters:
            opts.pop('locked')
        else:
            opts['locked'] = base.bool_param('locked', opts['locked'])
    for key in _TAG_FILTERS:
        if key in opts:
            value = opts.pop(key)
            if 'tags' in changes:
                opts[key] = [t for t in value.split(',') if t]
    return opts


def _marker_not_found(exc, *args, **kwargs):
    return exception.ValidationError(
        detail='marker [%s] not found' % pecan.request.GET.get('marker'))


@faults.answers({exception.MarkerNotFound: _marker_not_found})
def list_servers(detail):
    ctx = base.context()
    params = pecan.request.GET
    ctx.can(SERVERS % ('detail' if detail else 'index'),
            {'project_id': ctx.project_id})
    opts = build_search_opts(ctx, params, detail)
    limit, marker = base.get_limit_and_marker(params,
                                              api_conf.get().api.max_limit)
    sort_keys, sort_dirs = server_sorting.sorting(ctx, params)
    view = _views()
    if opts is None:
        instances = []
    else:
        instances = list(base.compute_api().get_all(
            ctx, opts, limit=limit, marker=marker, sort_keys=sort_keys,
            sort_dirs=sort_dirs))
    next_ok = bool(instances) and len(instances) == limit
    if detail:
        statuses = host_statuses(ctx) if _wants_host_status(ctx) else None
        return base.reply(view.detail(
            instances, next_ok, statuses,
            security_groups=base.compute_api().security_group_names(
                ctx, instances),
            volumes=base.compute_api().volumes_of_servers(ctx, instances)))
    return base.reply(view.index(instances, next_ok))


def _bool(value):
    if isinstance(value, bool):
        return value
    return strutils.bool_from_string(value, strict=False)


def _generate_password(length=12):
    alphabet = string.ascii_letters + string.digits
    return ''.join(secrets.choice(alphabet) for _ in range(length))


def _requested_networks(ctx, networks):
    if networks is None or isinstance(networks, str):
        return networks
    result = []
    for net in networks:
        if not net.get('uuid') and not net.get('port'):
            raise exception.ValidationError(
                detail='Bad networks format: network uuid is not in proper '
                       'format (%s)' % net.get('uuid'))
        result.append({k: net.get(k) for k in ('uuid', 'fixed_ip', 'port',
                                               'tag') if net.get(k)})
    if result:
        ctx.can(SERVERS % 'create:attach_network',
                {'project_id': ctx.project_id, 'user_id': ctx.user_id})
    return result


def _security_groups(server):
    """The names of the requested security groups (None: not given)."""
    groups = server.get('security_groups')
    if not groups:
        return None
    names = []
    for group in groups:
        name = (group.get('name') or '').strip()
        if name and name not in names:
            names.append(name)
    return names or None


def _block_devices(ctx, server, target):
    """The requested block device mappings (legacy or v2 form, never
    both) and whether they are legacy ones (as Nova, also when there are
    none: an image boot's root mapping is then made as a legacy one)."""
    legacy = server.get('block_device_mapping') or []
    v2 = server.get('block_device_mapping_v2') or []
    if legacy and v2:
        raise exception.ValidationError(
            detail='Using different block_device_mapping syntaxes is not '
                   'allowed in the same request.')
    if legacy:
        bdms = [dict(item) for item in legacy]
        for bdm in bdms:
            if 'delete_on_termination' in bdm:
                bdm['delete_on_termination'] = strutils.bool_from_string(
                    bdm['delete_on_termination'])
    else:
        image_given = server.get('imageRef') not in (None, '')
        bdms = [bdm_requests.from_api(item, image_given) for item in v2]
    if bdms:
        ctx.can(SERVERS % 'create:attach_volume', target)
    return bdms, not v2


@faults.answers({
    exception.FlavorNotFound: 400,
    exception.ImageNotFound: (400, 'Can not find requested image'),
    # The network request, as Nova answers it.
    exception.PortNotFound: 400,
    exception.NetworkNotFound: 400,
    exception.FixedIpAlreadyInUse: 400,
    exception.SecurityGroupNotFound: 400,
    exception.PortInUse: 409,
    exception.NetworkAmbiguous: 409,
    exception.NoUniqueMatch: 409,
    exception.NetworkServiceUnavailable: 503,
    # Volumes and block device mappings, as Nova answers them.
    exception.VolumeNotFound: 400,
    exception.SnapshotNotFound: 400,
    exception.MismatchVolumeAZException: 400,
    exception.VolumeTypeNotFound: 400,
    exception.MultiattachNotSupportedOldMicroversion: 400})
def create_server():
    ctx = base.context()
    body = base.body()
    validation.validate(body, server_schemas.CREATE.current())
    server = body['server']
    target = {'project_id': ctx.project_id, 'user_id': ctx.user_id}
    ctx.can(SERVERS % 'create', target)

    block_devices, legacy_bdm = _block_devices(ctx, server, target)
    image_href = server.get('imageRef')
    if not image_href:
        if not block_devices:
            raise exception.ValidationError(
                detail='Missing imageRef attribute')
        image_href = ''
    min_count = int(server.get('min_count', 1))
    max_count = int(server.get('max_count', min_count))
    if min_count < 1 or max_count < 1:
        raise exception.ValidationError(
            detail="Invalid input for field/attribute min_count. Value: 0. "
                   "0 is less than the minimum of 1")
    if min_count > max_count:
        raise exception.ValidationError(
            detail='min_count must be <= max_count')
    az = server.get('availability_zone')
    if az and ':' in az:
        ctx.can(SERVERS % 'create:forced_host', target)
    if server.get('host') or server.get('hypervisor_hostname'):
        ctx.can(server_policy.REQUESTED_DESTINATION, target)
        raise exception.ValidationError(
            detail='Requesting a destination host or hypervisor_hostname '
                   'is not supported by nova_lite yet.')
    hints = body.get('os:scheduler_hints') or body.get(
        'OS-SCH-HNT:scheduler_hints')
    config_drive = server.get('config_drive')
    if config_drive is not None:
        config_drive = _bool(config_drive)
    instances, reservation_id = base.compute_api().create(
        ctx, str(server['flavorRef']), image_href, server['name'],
        description=(server.get('description')
                     if 'description' in server_views.CHANGES.current()
                     else server['name']),
        min_count=min_count, max_count=max_count,
        key_name=server.get('key_name'),
        user_data=server.get('user_data'),
        metadata=server.get('metadata'),
        availability_zone=az,
        hostname=server.get('hostname'),
        scheduler_hints=hints,
        config_drive=config_drive,
        access_ip_v4=server.get('accessIPv4'),
        access_ip_v6=validation.canonical_ipv6(server.get('accessIPv6')),
        requested_networks=_requested_networks(
            ctx, server.get('networks')),
        tags=server.get('tags'),
        security_groups=_security_groups(server),
        block_device_mapping=block_devices, legacy_bdm=legacy_bdm,
        supports_multiattach=microversion.current() in MULTIATTACH)
    if _bool(server.get('return_reservation_id', False)):
        return base.reply({'reservation_id': reservation_id}, status=202)
    admin_pass = server.get('adminPass') or _generate_password()
    instance = instances[0]
    return base.reply(
        _views().create(instance, admin_pass,
                        security_groups=_security_groups(server)),
        status=202,
        headers={'Location': links.self_href(pecan.request, 'servers',
                                             instance.uuid)})


def show_server(server_id):
    ctx = base.context()
    instance = _get_instance(ctx, server_id, 'show', server_lookup.PROJECT)
    statuses = host_statuses(ctx) if _wants_host_status(ctx) else None
    return base.reply({'server': _views().show(
        instance, host_statuses=statuses,
        server_groups=server_groups.groups_of(ctx, instance),
        security_groups=base.compute_api().security_group_names(
            ctx, [instance]).get(instance.uuid),
        volumes=base.compute_api().volume_attachments(ctx, instance))})


def update_server(server_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, server_schemas.UPDATE.current())
    instance = _get_instance(ctx, server_id, 'update')
    fields = body['server']
    values = {}
    for api_name, field in (('name', 'display_name'),
                            ('description', 'display_description'),
                            ('hostname', 'hostname'),
                            ('accessIPv4', 'access_ip_v4'),
                            ('accessIPv6', 'access_ip_v6')):
        if api_name in fields:
            values[field] = fields[api_name]
    validation.canonical_access_ips(values)
    if 'pinned_availability_zone' in fields:
        values.update(_pinning(instance, fields['pinned_availability_zone']))
    if values:
        instance = base.compute_api().update(ctx, instance, **values)
    statuses = host_statuses(ctx) if _wants_host_status(ctx) else None
    return base.reply({'server': _views().updated(
        instance, host_statuses=statuses,
        server_groups=server_groups.groups_of(ctx, instance))})


def _pinning(instance, requested):
    """The change of pinned_availability_zone a PUT asks for (2.104):
    null unpins, the server's current zone pins, nothing else (409)."""
    pinned = instance.pinned_availability_zone
    if requested == pinned:
        return {}
    if requested is None:
        return {'pinned_availability_zone': None}
    if pinned is not None:
        raise exception.Conflict(
            'Cannot change pinned availability zone directly. Unpin first '
            'by setting pinned_availability_zone to null.')
    current = server_views.availability_zone(instance)
    if requested != current:
        raise exception.Conflict(
            "Server can only be pinned to its current availability zone "
            "'%s', but '%s' was requested." % (current, requested))
    return {'pinned_availability_zone': requested}


@faults.answers({exception.InstanceInvalidState: faults.conflict('delete')})
def delete_server(server_id):
    ctx = base.context()
    instance = _get_instance(ctx, server_id, 'delete')
    base.compute_api().soft_delete_or_delete(ctx, instance)
    return base.reply(status=204)


class ServerController(object):
    """/servers/{server_id} and its sub-resources."""

    def __init__(self, server_id):
        self.server_id = server_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_server(self.server_id)

    @index.when(method='PUT')
    def index_put(self, *args, **kwargs):
        return update_server(self.server_id)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_server(self.server_id)

    @pecan.expose()
    def _lookup(self, name, *remainder):
        # action, remote-consoles, metadata, tags, ... (server_subresources)
        return server_subresources.lookup(self.server_id, name, remainder)


class ServersController(object):
    """/servers"""

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_servers(detail=False)

    @index.when(method='POST')
    def index_post(self, *args, **kwargs):
        return create_server()

    @pecan.expose(generic=True)
    def detail(self, *args, **kwargs):
        base.no_route()

    @detail.when(method='GET')
    def detail_get(self, *args, **kwargs):
        return list_servers(detail=True)

    @pecan.expose()
    def _lookup(self, server_id, *remainder):
        return ServerController(server_id), remainder
