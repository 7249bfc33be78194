"""os-services bodies: id int before 2.53 and uuid from it; forced_down
from 2.11; state up/down from the last heartbeat."""
import datetime

from oslo_utils import timeutils

from nova_lite.api import config as api_conf
from nova_lite.api import microversion

CHANGES = microversion.Changes({
    'forced_down': '2.11',      # and the force-down action
    'uuids': '2.53',            # ids are uuids; PUT by id replaces the
                                # enable/disable/force-down actions
})


def is_compute(binary):
    return binary == 'nova-compute' or (binary or '').endswith('-compute')


def last_heartbeat(service):
    for name in ('last_seen_up', 'updated_at', 'created_at'):
        if service.obj_attr_is_set(name) and getattr(service, name):
            return getattr(service, name)
    return None


def is_up(service, now=None):
    if service.obj_attr_is_set('forced_down') and service.forced_down:
        return False
    beat = last_heartbeat(service)
    if beat is None:
        return False
    now = now or timeutils.utcnow()
    beat = beat.replace(tzinfo=None)
    now = now.replace(tzinfo=None)
    elapsed = (now - beat).total_seconds()
    return abs(elapsed) <= api_conf.get().service_down_time


def zone(service, zone_map=None):
    """The service's zone: a compute host's aggregate zone (zone_map:
    host -> zone), else the default zone; other services are internal."""
    if is_compute(service.binary):
        return ((zone_map or {}).get(service.host) or
                api_conf.get().default_availability_zone)
    return api_conf.get().internal_service_availability_zone


def _strtime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).strftime('%Y-%m-%dT%H:%M:%S.%f')
    return value


def show(request, service, now=None, zone_map=None):
    changes = CHANGES.at(microversion.get_version(request))
    body = {
        'id': service.uuid if 'uuids' in changes else service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': zone(service, zone_map),
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if is_up(service, now) else 'down',
        'updated_at': _strtime(last_heartbeat(service)),
        'disabled_reason': (service.disabled_reason
                            if service.obj_attr_is_set('disabled_reason')
                            else None),
    }
    if 'forced_down' in changes:
        body['forced_down'] = bool(service.forced_down)
    return body
