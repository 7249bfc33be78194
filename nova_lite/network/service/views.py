"""Neutron's dicts of networks, subnets, ports, security groups and
rules, built in one place for the API and the RPC answers."""

TIME_FORMAT = '%Y-%m-%dT%H:%M:%SZ'
BINDING_ADMIN_KEYS = ('binding:host_id', 'binding:profile',
                      'binding:vif_type', 'binding:vif_details')


def _time(value):
    return value.strftime(TIME_FORMAT) if value else None


def _standard(obj, with_name=True):
    value = {'id': obj.id, 'tenant_id': obj.project_id or '',
             'project_id': obj.project_id or '',
             'description': obj.description or '',
             'created_at': _time(obj.created_at),
             'updated_at': _time(obj.updated_at or obj.created_at),
             'revision_number': obj.revision_number or 0}
    if with_name:
        value['name'] = obj.name or ''
        value['tags'] = []
    return value


def network(obj):
    return dict(_standard(obj), **{
        'admin_state_up': obj.admin_state_up, 'status': obj.status,
        'shared': obj.shared, 'subnets': list(obj.subnets), 'mtu': obj.mtu,
        'port_security_enabled': obj.port_security_enabled,
        'router:external': False, 'availability_zone_hints': [],
        'availability_zones': ['nova'], 'ipv4_address_scope': None,
        'ipv6_address_scope': None, 'l2_adjacency': True,
        'is_default': False})


def subnet(obj):
    return dict(_standard(obj), **{
        'network_id': obj.network_id, 'ip_version': obj.ip_version,
        'cidr': obj.cidr, 'gateway_ip': obj.gateway_ip,
        'allocation_pools': list(obj.allocation_pools),
        'dns_nameservers': list(obj.dns_nameservers),
        'host_routes': list(obj.host_routes),
        'enable_dhcp': obj.enable_dhcp, 'ipv6_ra_mode': None,
        'ipv6_address_mode': None, 'subnetpool_id': None,
        'service_types': [], 'segment_id': None})


def port(obj, show_binding=True):
    value = dict(_standard(obj), **{
        'network_id': obj.network_id, 'mac_address': obj.mac_address,
        'admin_state_up': obj.admin_state_up, 'status': obj.status,
        'device_id': obj.device_id or '',
        'device_owner': obj.device_owner or '',
        'fixed_ips': [dict(ip) for ip in obj.fixed_ips],
        'security_groups': list(obj.security_groups),
        'port_security_enabled': obj.port_security_enabled,
        'allowed_address_pairs': [], 'extra_dhcp_opts': [],
        'binding:vnic_type': obj.binding_vnic_type or 'normal',
        'binding:host_id': obj.binding_host_id or '',
        'binding:profile': dict(obj.binding_profile or {}),
        'binding:vif_type': obj.binding_vif_type or 'unbound',
        'binding:vif_details': dict(obj.binding_vif_details or {})})
    if not show_binding:
        for key in BINDING_ADMIN_KEYS:
            value.pop(key)
    return value


def rule(obj):
    value = _standard(obj, with_name=False)
    value.update({
        'security_group_id': obj.security_group_id,
        'direction': obj.direction, 'ethertype': obj.ethertype,
        'protocol': obj.protocol, 'port_range_min': obj.port_range_min,
        'port_range_max': obj.port_range_max,
        'remote_ip_prefix': obj.remote_ip_prefix,
        'remote_group_id': obj.remote_group_id,
        'remote_address_group_id': None,
        'normalized_cidr': _normalized(obj), 'belongs_to_default_sg': None})
    return value


def _normalized(obj):
    if not obj.remote_ip_prefix:
        return None
    import ipaddress
    try:
        return str(ipaddress.ip_network(obj.remote_ip_prefix,
                                        strict=False))
    except ValueError:
        return obj.remote_ip_prefix


def security_group(obj):
    rules = obj.rules.objects if obj.rules is not None else []
    return dict(_standard(obj), **{
        'stateful': obj.stateful, 'shared': False,
        'security_group_rules': [rule(r) for r in rules]})
