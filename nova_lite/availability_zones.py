"""Availability zones, as Nova derives them: a compute host is in the zone
named by the ``availability_zone`` metadata of its aggregates, else in
``default_availability_zone``; other services are in
``internal_service_availability_zone``. Objects only (no DB import): the
API, the scheduler and the conductor all use this."""
from nova_lite import conf as nl_conf
from nova_lite import objects


def _conf(conf):
    return conf if conf is not None else nl_conf.CONF


def is_compute(binary):
    return binary == 'nova-compute' or (binary or '').endswith('-compute')


def host_zone_map(context):
    """{host: zone name} for hosts in an aggregate with a zone (one
    conductor call). A host in several zones gets them comma-joined."""
    zones = objects.AggregateList.get_host_availability_zones(
        context.elevated() if hasattr(context, 'elevated') else context)
    return {host: ','.join(sorted(names)) for host, names in
            (zones or {}).items()}


def get_host_availability_zone(context, host, zone_map=None, conf=None):
    if zone_map is None:
        zone_map = host_zone_map(context)
    return zone_map.get(host) or _conf(conf).default_availability_zone


def service_zone(service, zone_map, conf=None):
    conf = _conf(conf)
    if is_compute(service.binary):
        return zone_map.get(service.host) or conf.default_availability_zone
    return conf.internal_service_availability_zone


def get_availability_zones(context, services=None, zone_map=None,
                           conf=None):
    """(available, not_available) zone names, sorted: a zone is available
    when one of its services is enabled; the internal zone is included."""
    if services is None:
        services = objects.ServiceList.get_all(context.elevated())
    if zone_map is None:
        zone_map = host_zone_map(context)
    enabled, disabled = set(), set()
    for service in services:
        zone = service_zone(service, zone_map, conf)
        (disabled if service.disabled else enabled).add(zone)
    return sorted(enabled), sorted(disabled - enabled)


def parse_availability_zone(availability_zone):
    """Split Nova's legacy 'zone:host:node' / 'zone::node' forced-host
    syntax: returns (zone, host, node); InvalidInput if unparseable."""
    from nova_lite import exception
    host = node = None
    if availability_zone and ':' in availability_zone:
        count = availability_zone.count(':')
        if count == 1:
            availability_zone, host = availability_zone.split(':')
        elif count == 2:
            if '::' in availability_zone:
                availability_zone, node = availability_zone.split('::')
            else:
                availability_zone, host, node = availability_zone.split(':')
        else:
            raise exception.InvalidInput(
                reason='Unable to parse availability_zone')
    return availability_zone or None, host or None, node or None


def validate_requested(context, requested):
    """Server create's availability_zone: returns (zone, forced_host,
    forced_node); 400 unless the zone is available (a forced host skips
    the check, as in Nova)."""
    from nova_lite import exception
    zone, host, node = parse_availability_zone(requested)
    if zone and host is None:
        available, _ = get_availability_zones(context.elevated())
        if zone not in available:
            raise exception.Invalid(
                'The requested availability zone is not available')
    return zone, host, node
