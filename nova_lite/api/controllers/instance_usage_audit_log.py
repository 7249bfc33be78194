"""/os-instance_usage_audit_log (admin): the instance usage audit of the
last completed period, now or before a given time, over every compute
host (disabled ones included)."""
import datetime

from oslo_utils import timeutils

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.views import instance_usage_audit_log as audit_views
from nova_lite.api.views import services as service_views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import instance_usage_audit_log as policy

POLICY = policy.BASE_POLICY_NAME


def _before(timestamp):
    """Nova's two accepted forms, with or without microseconds."""
    fmt = '%Y-%m-%d %H:%M:%S.%f' if '.' in timestamp else '%Y-%m-%d %H:%M:%S'
    try:
        return datetime.datetime.strptime(timestamp, fmt)
    except ValueError:
        raise exception.ValidationError(
            detail='Invalid timestamp for date %s' % timestamp)


def _audit(ctx, before, timestamp=None):
    try:
        begin, end = audit_views.last_completed_month(before)
    except ValueError:
        raise exception.ValidationError(
            detail='Invalid timestamp for date %s' % timestamp)
    hosts = [s.host for s in objects.ServiceList.get_all(ctx)
             if service_views.is_compute(s.binary)]
    return audit_views.summary(hosts, begin, end)


def list_audit_logs():
    ctx = base.context()
    ctx.can(POLICY % 'list', target={})
    now = timeutils.utcnow().replace(tzinfo=None)
    return base.reply({'instance_usage_audit_logs': _audit(ctx, now)})


def show_audit_log(timestamp):
    ctx = base.context()
    ctx.can(POLICY % 'show', target={})
    return base.reply({'instance_usage_audit_log': _audit(
        ctx, _before(timestamp), timestamp)})


INSTANCE_USAGE_AUDIT_LOG = routing.TopLevel(routing.Resource(
    collection={'GET': list_audit_logs}, item={'GET': show_audit_log}))
