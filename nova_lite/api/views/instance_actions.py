"""Bodies of os-instance-actions, per microversion: 2.58 updated_at and
paging links; 2.51 events for non-admins (no traceback); 2.62 event
host (admin) and hostId; 2.84 event details (admin)."""
import hashlib

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
