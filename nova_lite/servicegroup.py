"""Is a service alive? Judged from its last heartbeat, like Nova's DB
service group driver."""
from oslo_utils import timeutils

from nova_lite import conf as nl_conf

CONF = nl_conf.CONF


def service_is_up(service):
    if service.forced_down:
        return False
    last = None
    for name in ('last_seen_up', 'updated_at', 'created_at'):
        if service.obj_attr_is_set(name) and getattr(service, name):
            last = getattr(service, name)
            break
    if last is None:
        return False
    elapsed = (timeutils.utcnow() - timeutils.normalize_time(last))
    return abs(elapsed.total_seconds()) <= CONF.service_down_time
