"""network_info: an instance's VIFs in Nova's shape (nova.network.model),
as plain JSON-able dicts, built from the Neutron port, network and
subnets; and the reads the API and the drivers make of it.

    [{"id": port id, "address": MAC, "type": "tap", "details": {...},
      "devname": "tap" + id[:11], "ovs_interfaceid": None,
      "active": bool, "vnic_type": "normal", "profile": {},
      "preserve_on_delete": bool, "qbh_params": None, "qbg_params": None,
      "delegate_create": False, "meta": {},
      "network": {"id", "label", "bridge": None, "subnets": [
          {"cidr", "version", "gateway": {"address", "type": "gateway",
           "version", "meta": {}}, "ips": [{"address", "type": "fixed",
           "version", "meta": {}, "floating_ips": []}],
           "dns": [{"address", "type": "dns", ...}], "routes": [...],
           "meta": {"dhcp_server": ...}}],
          "meta": {"injected": False, "tenant_id", "mtu"}}}]
"""
import ipaddress

NIC_NAME_LEN = 14
VIF_TYPE_TAP = 'tap'


def _version(address):
    return ipaddress.ip_address(address).version


def _ip(address, type_):
    return {'address': address, 'type': type_, 'version': _version(address),
            'meta': {}}


def subnet_model(subnet, port_ips, dhcp_server=None):
    """One subnet of a VIF: the port's fixed IPs on it."""
    gateway = None
    if subnet.get('gateway_ip'):
        gateway = _ip(subnet['gateway_ip'], 'gateway')
    meta = {}
    if dhcp_server:
        meta['dhcp_server'] = dhcp_server
    return {
        'cidr': subnet.get('cidr'),
        'version': subnet.get('ip_version') or
        ipaddress.ip_network(subnet['cidr'], strict=False).version,
        'gateway': gateway,
        'ips': [dict(_ip(a, 'fixed'), floating_ips=[]) for a in port_ips],
        'dns': [_ip(a, 'dns') for a in subnet.get('dns_nameservers') or []],
        'routes': [{'cidr': r.get('destination'),
                    'gateway': _ip(r['nexthop'], 'gateway'),
                    'interface': None, 'meta': {}}
                   for r in subnet.get('host_routes') or []],
        'meta': meta,
    }


def vif_model(port, network, subnets, preserve_on_delete=False,
              dhcp_servers=None):
    """The VIF dict of `port` on `network` with `subnets` (Neutron dicts;
    dhcp_servers: subnet id -> the DHCP port's IP on it)."""
    by_subnet = {}
    for fixed in port.get('fixed_ips') or []:
        by_subnet.setdefault(fixed.get('subnet_id'), []).append(
            fixed['ip_address'])
    subnet_models = [
        subnet_model(s, by_subnet[s['id']],
                     (dhcp_servers or {}).get(s['id']))
        for s in subnets if s.get('id') in by_subnet]
    port_id = port['id']
    return {
        'id': port_id,
        'address': port.get('mac_address'),
        'type': port.get('binding:vif_type') or VIF_TYPE_TAP,
        'details': dict(port.get('binding:vif_details') or {}),
        'devname': ('tap' + port_id)[:NIC_NAME_LEN],
        'ovs_interfaceid': None,
        'qbh_params': None,
        'qbg_params': None,
        'active': port.get('status') == 'ACTIVE',
        'vnic_type': port.get('binding:vnic_type') or 'normal',
        'profile': dict(port.get('binding:profile') or {}),
        'preserve_on_delete': bool(preserve_on_delete),
        'delegate_create': False,
        'meta': {},
        'network': {
            'id': network['id'],
            'label': network.get('name') or '',
            'bridge': None,
            'subnets': subnet_models,
            'meta': {'injected': False,
                     'tenant_id': network.get('tenant_id') or
                     network.get('project_id'),
                     'mtu': network.get('mtu')},
        },
    }


def fixed_ips(vif):
    """[ip dict] of a VIF (every subnet)."""
    return [ip for subnet in vif['network']['subnets']
            for ip in subnet['ips']]


def addresses(network_info):
    """Nova's `addresses`: {label: [{version, addr, OS-EXT-IPS:type,
    OS-EXT-IPS-MAC:mac_addr}]}, in VIF order (floating IPs after the
    fixed ones of their VIF)."""
    result = {}
    for vif in network_info or []:
        label = vif['network']['label']
        entries = result.setdefault(label, [])
        for ip in fixed_ips(vif):
            entries.append({'version': ip['version'], 'addr': ip['address'],
                            'OS-EXT-IPS:type': 'fixed',
                            'OS-EXT-IPS-MAC:mac_addr': vif['address']})
            for fip in ip.get('floating_ips') or []:
                entries.append({'version': fip['version'],
                                'addr': fip['address'],
                                'OS-EXT-IPS:type': 'floating',
                                'OS-EXT-IPS-MAC:mac_addr': vif['address']})
    return result


def all_addresses(network_info):
    """Every fixed and floating address string of the VIFs."""
    found = []
    for vif in network_info or []:
        for ip in fixed_ips(vif):
            found.append(ip['address'])
            found.extend(f['address'] for f in ip.get('floating_ips') or [])
    return found


def without_vif(network_info, port_id):
    return [vif for vif in network_info or [] if vif['id'] != port_id]


def find_vif(network_info, port_id):
    for vif in network_info or []:
        if vif['id'] == port_id:
            return vif
    return None


def vif_ids(network_info):
    return [vif['id'] for vif in network_info or []]
