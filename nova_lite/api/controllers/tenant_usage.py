"""os-simple-tenant-usage: hours, vCPU-hours, MB-hours and GB-hours per
project over a time window, computed from the servers that ran in it
(deleted ones included). 2.40 pages by server (limit/marker)."""
import datetime

import pecan
import webob.exc
from oslo_utils import timeutils

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api import microversion
from nova_lite.api import validation
from nova_lite.api.views import links
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import quotas as quota_policy

TENANT_USAGE = quota_policy.TENANT_USAGE
COLLECTION = 'os-simple-tenant-usage'
# From 2.40 the usages are paged by server (limit, marker).
PAGING = microversion.Range('2.40')
_FORMATS = ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f',
            '%Y-%m-%d %H:%M:%S.%f')
_OUT_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


def _parse(value):
    if not value:
        return timeutils.utcnow().replace(tzinfo=None)
    for fmt in _FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise exception.ValidationError(
        detail='Invalid datetime string: Datetime is in invalid format')


def _fmt(value):
    return value.strftime(_OUT_FORMAT) if value is not None else None


def _window():
    params = pecan.request.GET
    paged = microversion.current() in PAGING
    allowed = {'start', 'end', 'detailed'}
    if paged:
        allowed |= {'limit', 'marker'}
    validation.validate_query(params, allowed)
    start = _parse(params.get('start'))
    stop = _parse(params.get('end'))
    if not start < stop:
        raise exception.ValidationError(
            detail='Invalid start time. The start time cannot occur after '
                   'the end time.')
    detailed = params.get('detailed', '0') == '1'
    limit = marker = None
    if paged:
        limit, marker = base.get_limit_and_marker(
            params, api_conf.get().api.max_limit)
    return start, stop, detailed, limit, marker


def _naive(value):
    if value is not None and value.tzinfo is not None:
        value = timeutils.normalize_time(value)
    return value


def hours_for(launched_at, terminated_at, start, stop):
    """Hours a server ran within [start, stop]."""
    launched_at, terminated_at = _naive(launched_at), _naive(terminated_at)
    if terminated_at is not None and terminated_at < start:
        return 0
    if launched_at is None or launched_at > stop:
        return 0
    begin = max(launched_at, start)
    end = min(stop, terminated_at) if terminated_at else stop
    return (end - begin).total_seconds() / 3600.0


def _server_usage(instance, start, stop, now):
    flavor = instance.flavor
    started = _naive(instance.launched_at)
    ended = _naive(instance.terminated_at)
    state = 'terminated' if ended else instance.vm_state
    uptime = ((ended if ended else now) - started).total_seconds()
    return {
        'instance_id': instance.uuid,
        'name': instance.display_name,
        'tenant_id': instance.project_id,
        'hours': hours_for(started, ended, start, stop),
        'memory_mb': flavor.memory_mb if flavor else instance.memory_mb,
        'local_gb': ((flavor.root_gb + flavor.ephemeral_gb) if flavor else
                     (instance.root_gb or 0) + (instance.ephemeral_gb or 0)),
        'vcpus': flavor.vcpus if flavor else instance.vcpus,
        'flavor': flavor.name if flavor else None,
        'started_at': _fmt(started),
        'ended_at': _fmt(ended),
        'state': state,
        'uptime': int(uptime),
    }


def usages_for_period(ctx, start, stop, project_id=None, detailed=False,
                      limit=None, marker=None):
    """([tenant usage], [server usage]) over the window."""
    instances = objects.InstanceUsageList.get_active_by_window(
        ctx, start.isoformat(), stop.isoformat(), project_id=project_id,
        limit=limit, marker=marker)
    now = timeutils.utcnow().replace(tzinfo=None)
    tenants, servers = {}, []
    for instance in instances:
        info = _server_usage(instance, start, stop, now)
        servers.append(info)
        summary = tenants.setdefault(instance.project_id, {
            'tenant_id': instance.project_id, 'server_usages': [],
            'total_hours': 0, 'total_local_gb_usage': 0,
            'total_memory_mb_usage': 0, 'total_vcpus_usage': 0,
            'start': _fmt(start), 'stop': _fmt(stop)})
        summary['server_usages'].append(info)
        summary['total_hours'] += info['hours']
        summary['total_local_gb_usage'] += info['local_gb'] * info['hours']
        summary['total_memory_mb_usage'] += \
            info['memory_mb'] * info['hours']
        summary['total_vcpus_usage'] += info['vcpus'] * info['hours']
    usages = list(tenants.values())
    if not detailed:
        for usage in usages:
            del usage['server_usages']
    return usages, servers


def _next_link(collection, servers, limit):
    if limit is None or not servers or len(servers) < limit:
        return None
    return links.next_link(pecan.request, collection,
                           servers[-1]['instance_id'])


def list_usages():
    ctx = base.context()
    ctx.can(TENANT_USAGE % 'list', target={'project_id': ctx.project_id})
    start, stop, detailed, limit, marker = _window()
    usages, servers = usages_for_period(ctx, start, stop, detailed=detailed,
                                        limit=limit, marker=marker)
    body = {'tenant_usages': usages}
    link = _next_link(COLLECTION, servers, limit)
    if link:
        body['tenant_usages_links'] = link
    return base.reply(body)


def show_usage(tenant_id):
    ctx = base.context()
    ctx.can(TENANT_USAGE % 'show', target={'project_id': tenant_id})
    start, stop, _detailed, limit, marker = _window()
    usages, servers = usages_for_period(ctx, start, stop,
                                        project_id=tenant_id, detailed=True,
                                        limit=limit, marker=marker)
    body = {'tenant_usage': usages[0] if usages else {}}
    link = _next_link('%s/%s' % (COLLECTION, tenant_id), servers, limit)
    if link:
        body['tenant_usage_links'] = link
    return base.reply(body)


class TenantUsageController(object):
    def __init__(self, tenant_id):
        self.tenant_id = tenant_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_usage(self.tenant_id)


class TenantUsagesController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        if pecan.request.path.endswith('/'):
            # An empty tenant id: Nova's routes have no such URL.
            raise webob.exc.HTTPNotFound()
        return list_usages()

    @pecan.expose()
    def _lookup(self, tenant_id, *remainder):
        return TenantUsageController(tenant_id), remainder
