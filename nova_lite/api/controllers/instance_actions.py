"""/servers/{server_id}/os-instance-actions[/{request_id}]: the action
log of a server."""
import pecan

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite.api import microversion
from nova_lite.api import validation
from nova_lite.api.views import instance_actions as views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import instance_actions as policy

CHANGES = microversion.Changes({
    'deleted_servers': '2.21',      # the log of a deleted server too
    'events_for_readers': '2.51',   # events without the policy (no traceback)
    'paging': '2.58',               # limit, marker, changes-since; updated_at
    'event_host': '2.62',           # hostId; host with the events policy
    'changes_before': '2.66',
    'event_details': '2.84',        # with the events:details policy
})


def _instance(ctx, server_id, action, changes):
    return instance_for(ctx, server_id, policy.ROOT % action,
                        maybe_deleted='deleted_servers' in changes)


def _filters(params, changes):
    allowed = {'limit', 'marker', 'changes-since'}
    if 'changes_before' in changes:
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
    changes = CHANGES.current()
    instance = _instance(ctx, server_id, 'list', changes)
    paged = 'paging' in changes
    limit = marker = filters = None
    if paged:
        params = pecan.request.GET
        filters = _filters(params, changes)
        limit, marker = base.get_limit_and_marker(
            params, api_conf.get().api.max_limit)
    actions = objects.InstanceActionList.get_by_instance_uuid(
        ctx, instance.uuid, limit=limit, marker=marker, filters=filters)
    return base.reply(views.index(pecan.request, server_id, actions, paged,
                                  limit))


def show(server_id, request_id):
    ctx = base.context()
    changes = CHANGES.current()
    instance = _instance(ctx, server_id, 'show', changes)
    action = objects.InstanceAction.get_by_request_id(ctx, instance.uuid,
                                                      request_id)
    if action is None:
        raise exception.NotFound('Action %s not found' % request_id)
    target = {'project_id': instance.project_id}
    shown = views.EventFields()
    if ctx.can(policy.ROOT % 'events', target, fatal=False):
        shown.events = shown.traceback = True
        shown.host = 'event_host' in changes
    elif 'events_for_readers' in changes:
        shown.events = True
    if shown.events and 'event_details' in changes:
        shown.details = ctx.can(policy.ROOT % 'events:details', target,
                                fatal=False)
    shown.host_id = 'event_host' in changes
    events = None
    if shown.events:
        events = objects.InstanceActionEventList.get_by_action(ctx,
                                                               action.id)
    return base.reply(views.show(action, 'paging' in changes, events,
                                 action.project_id or instance.project_id,
                                 shown))


server_subresources.register('os-instance-actions', routing.Resource(
    collection={'GET': index}, item={'GET': show}))
