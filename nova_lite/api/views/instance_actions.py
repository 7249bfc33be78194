"""Bodies of os-instance-actions, per microversion: 2.58 updated_at and
paging links; 2.51 events for non-admins (no traceback); 2.62 event
host (admin) and hostId; 2.84 event details (admin)."""
import hashlib

from nova_lite.api.views import links

ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
               'project_id', 'start_time', 'message')


def strtime(value):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.replace(tzinfo=None).strftime('%Y-%m-%dT%H:%M:%S.%f')


def host_id(host, project_id):
    if not host:
        return ''
    return hashlib.sha224(((project_id or '') + host).encode(
        'utf-8')).hexdigest()


def action(raw, with_updated_at):
    body = {key: raw[key] for key in ACTION_KEYS}
    body['start_time'] = strtime(body['start_time'])
    if with_updated_at:
        body['updated_at'] = strtime(raw.updated_at or raw.created_at)
    return body


def event(raw, project_id, show_traceback=False, show_host=False,
          show_host_id=False, show_details=False):
    body = {'event': raw.event, 'start_time': strtime(raw.start_time),
            'finish_time': strtime(raw.finish_time), 'result': raw.result}
    if show_traceback:
        body['traceback'] = raw.traceback
    if show_host:
        body['host'] = raw.host
    if show_host_id:
        body['hostId'] = host_id(raw.host, project_id)
    if show_details:
        body['details'] = raw.details
    return body


class EventFields(object):
    """Which parts of an action's events a caller sees."""

    def __init__(self):
        self.events = self.traceback = self.host = False
        self.host_id = self.details = False


def index(request, server_id, actions, paged, limit):
    body = {'instanceActions': [action(a, paged) for a in actions]}
    if paged and actions and len(actions) == limit:
        body['links'] = links.next_link(
            request, 'servers/%s/os-instance-actions' % server_id,
            actions[-1].request_id)
    return body


def show(raw, with_updated_at, events, project_id, shown):
    """{'instanceAction': ...} with the events `shown` allows."""
    body = action(raw, with_updated_at)
    if shown.events:
        body['events'] = [event(
            e, project_id, show_traceback=shown.traceback,
            show_host=shown.host, show_host_id=shown.host_id,
            show_details=shown.details) for e in events]
    return {'instanceAction': body}
