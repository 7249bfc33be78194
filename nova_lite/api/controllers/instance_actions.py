"""/servers/{server_id}/os-instance-actions[/{request_id}]: the action
log of a server (2.21: also of deleted servers; 2.58: paging and
changes-since, 2.66: changes-before)."""
import pecan

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_subresources
from nova_lite.api import validation
from nova_lite.api.views import instance_actions as views
from nova_lite.api.views import links
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import instance_actions as policy


def _instance(ctx, server_id, action):
    api = base.compute_api()
    if base.at_least('2.21'):
        instance = api.get_maybe_deleted(ctx, server_id)
    else:
        instance = api.get(ctx, server_id)
    ctx.can(policy.ROOT % action, {'project_id': instance.project_id})
    return instance


def _filters(params):
    allowed = {'limit', 'marker', 'changes-since'}
    if base.at_least('2.66'):
        allowed.add('changes-before')
    validation.validate_query(params, allowed, True)
    filters = {}
    for name in ('changes-since', 'changes-before'):
        if name in allowed:
            value = base.time_param(params, name)
            if value is not None:
                filters[name] = value
    if 'changes-since' in filters and 'changes-before' in filters and \
            filters['changes-before'] < filters['changes-since']:
        raise exception.ValidationError(
            detail='The value of changes-since must be less than or equal '
                   'to changes-before.')
    return filters


def index(server_id):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'list')
    paged = base.at_least('2.58')
    limit = marker = filters = None
    if paged:
        params = pecan.request.GET
        filters = _filters(params)
        limit, marker = base.get_limit_and_marker(
            params, api_conf.get().api.max_limit)
    actions = objects.InstanceActionList.get_by_instance_uuid(
        ctx, instance.uuid, limit=limit, marker=marker, filters=filters)
    body = {'instanceActions': [views.action(a, paged) for a in actions]}
    if paged and actions and len(actions) == limit:
        body['links'] = links.next_link(
            pecan.request, 'servers/%s/os-instance-actions' % server_id,
            actions[-1].request_id)
    return base.reply(body)


def show(server_id, request_id):
    ctx = base.context()
    instance = _instance(ctx, server_id, 'show')
    action = objects.InstanceAction.get_by_request_id(ctx, instance.uuid,
                                                      request_id)
    if action is None:
        raise exception.NotFound('Action %s not found' % request_id)
    body = views.action(action, base.at_least('2.58'))
    target = {'project_id': instance.project_id}
    show_events = show_traceback = show_host = show_details = False
    if ctx.can(policy.ROOT % 'events', target, fatal=False):
        show_events = show_traceback = True
        show_host = base.at_least('2.62')
    elif base.at_least('2.51'):
        show_events = True
    if show_events and base.at_least('2.84'):
        show_details = ctx.can(policy.ROOT % 'events:details', target,
                               fatal=False)
    if show_events:
        events = objects.InstanceActionEventList.get_by_action(ctx,
                                                               action.id)
        project_id = action.project_id or instance.project_id
        body['events'] = [views.event(
            e, project_id, show_traceback=show_traceback,
            show_host=show_host, show_host_id=base.at_least('2.62'),
            show_details=show_details) for e in events]
    return base.reply({'instanceAction': body})


server_subresources.register('os-instance-actions',
                             server_subresources.Resource(
                                 collection={'GET': index},
                                 item={'GET': show}))
