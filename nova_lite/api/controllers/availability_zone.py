"""/os-availability-zone: the zones users may pick (everyone) and, at
/detail, every zone with its hosts and services (admin)."""
import pecan

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.views import services as service_views
from nova_lite import availability_zones
from nova_lite import objects
from nova_lite.policies import availability_zone as az_policy

_API_BINARIES = ('nova-osapi_compute', 'nova-metadata', 'nova-lite-api')


def _zones(ctx):
    admin = ctx.elevated()
    services = list(objects.ServiceList.get_all(admin))
    zone_map = availability_zones.host_zone_map(admin)
    available, unavailable = availability_zones.get_availability_zones(
        admin, services=services, zone_map=zone_map, conf=api_conf.get())
    return services, zone_map, available, unavailable


def list_zones():
    ctx = base.context()
    ctx.can(az_policy.POLICY_ROOT % 'list', target={})
    _, _, available, unavailable = _zones(ctx)
    internal = api_conf.get().internal_service_availability_zone
    result = [{'zoneName': z, 'zoneState': {'available': True},
               'hosts': None} for z in available if z != internal]
    result += [{'zoneName': z, 'zoneState': {'available': False},
                'hosts': None} for z in unavailable if z != internal]
    return base.reply({'availabilityZoneInfo': result})


def detail_zones():
    ctx = base.context()
    ctx.can(az_policy.POLICY_ROOT % 'detail', target={})
    services, zone_map, available, unavailable = _zones(ctx)
    conf = api_conf.get()
    hosts_by_zone = {}
    for service in services:
        if service.disabled or service.binary in _API_BINARIES:
            continue
        zone = availability_zones.service_zone(service, zone_map, conf)
        host = hosts_by_zone.setdefault(zone, {}).setdefault(
            service.host, {})
        host[service.binary] = {
            'available': service_views.is_up(service),
            'active': not service.disabled,
            'updated_at': service_views._strtime(
                service.updated_at if service.obj_attr_is_set('updated_at')
                else None),
        }
    result = [{'zoneName': z, 'zoneState': {'available': True},
               'hosts': hosts_by_zone.get(z, {})} for z in available]
    result += [{'zoneName': z, 'zoneState': {'available': False},
                'hosts': None} for z in unavailable]
    return base.reply({'availabilityZoneInfo': result})


class AvailabilityZoneController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_zones()

    @pecan.expose(generic=True)
    def detail(self, *args, **kwargs):
        base.no_route()

    @detail.when(method='GET')
    def detail_get(self, *args, **kwargs):
        return detail_zones()
