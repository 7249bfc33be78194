"""A small in-memory Neutron v2.0 for tests (functional and unit): the
calls nova_lite's client makes, with Neutron's shapes, filters, errors
({"NeutronError": {"type", "message", "detail"}}) and status codes.

Identity comes from the noauth2 token ("user:project"; no colon: admin).
IPs are allocated from each subnet's allocation pools, lowest first;
quotas (ports) are enforced. `FakeNeutron().app` is a WSGI application;
`adapter()` gives a keystoneauth-like Adapter calling it in-process.
"""
import copy
import ipaddress
import json
import threading
import urllib.parse
import uuid
from wsgiref import simple_server

import webob

DEFAULT_QUOTA = {'network': 100, 'subnet': 100, 'port': 500,
                 'security_group': 10, 'security_group_rule': 100,
                 'floatingip': 50, 'router': 10}
EXTENSIONS = ['binding', 'security-group', 'quotas', 'extra_dhcp_opt',
              'port-security', 'project-id', 'standard-attr-description']
_COLLECTIONS = {'networks': 'network', 'subnets': 'subnet',
                'ports': 'port', 'security-groups': 'security_group',
                'security-group-rules': 'security_group_rule',
                'floatingips': 'floatingip'}


class Error(Exception):
    def __init__(self, status, type_, message):
        super().__init__(message)
        self.status, self.type, self.message = status, type_, message


def _bool(value):
    return str(value).lower() in ('true', '1', 'yes')


class FakeNeutron(object):
    def __init__(self):
        self.lock = threading.RLock()
        self.data = {k: {} for k in _COLLECTIONS.values()}
        self.quotas = {}
        self.calls = []       # (method, path, query)
        self.fail_next = {}   # (method, collection) -> (status, type, msg)

    # -- seeding (tests) -----------------------------------------------------

    def add_network(self, name, project_id='admin', shared=False,
                    cidr='10.0.0.0/24', pool=None, gateway=True, mtu=1500):
        net = self._new_network({'name': name, 'tenant_id': project_id,
                                 'shared': shared, 'mtu': mtu})
        if cidr:
            self._new_subnet({'network_id': net['id'], 'cidr': cidr,
                              'tenant_id': project_id, 'ip_version': 4,
                              'allocation_pools': pool,
                              'gateway_ip': None if gateway else False})
        return net

    # -- WSGI ------------------------------------------------------------------

    def app(self, environ, start_response):
        request = webob.Request(environ)
        try:
            status, body = self.handle(request)
        except Error as e:
            status, body = e.status, {'NeutronError': {
                'type': e.type, 'message': e.message, 'detail': ''}}
        resp = webob.Response(status=status)
        if body is not None:
            resp.content_type = 'application/json'
            resp.text = json.dumps(body)
        return resp(environ, start_response)

    def identity(self, request):
        token = request.headers.get('X-Auth-Token', '')
        user, sep, project = token.partition(':')
        if not sep or not project:
            return 'admin', True
        return project, user == 'admin'

    def handle(self, request):
        parts = [p for p in request.path_info.split('/') if p]
        if parts and parts[0] == 'v2.0':
            parts = parts[1:]
        query = urllib.parse.parse_qsl(request.query_string,
                                       keep_blank_values=True)
        with self.lock:
            self.calls.append((request.method, '/' + '/'.join(parts),
                               query))
            project, admin = self.identity(request)
            if not parts:
                return 200, {'resources': []}
            top = parts[0]
            if top == 'extensions':
                return 200, {'extensions': [
                    {'alias': a, 'name': a, 'description': a, 'links': [],
                     'updated': '2013-01-01T00:00:00-00:00'}
                    for a in EXTENSIONS]}
            if top == 'quotas' and len(parts) == 2:
                return 200, {'quota': self.quota(parts[1])}
            if top not in _COLLECTIONS:
                raise Error(404, 'HTTPNotFound', 'The resource could not '
                            'be found.')
            kind = _COLLECTIONS[top]
            failure = self.fail_next.pop((request.method, kind), None)
            if failure:
                raise Error(*failure)
            body = json.loads(request.body or b'{}') if request.body else {}
            if len(parts) == 1:
                if request.method == 'GET':
                    items = self.list(kind, query, project, admin)
                    return 200, {kind + 's': items}
                if request.method == 'POST':
                    values = dict(body.get(kind) or {})
                    values.setdefault('tenant_id', project)
                    if values['tenant_id'] != project and not admin:
                        raise Error(403, 'HTTPForbidden', 'forbidden')
                    return 201, {kind: self.create(kind, values)}
            else:
                item = self.get(kind, parts[1], project, admin)
                if request.method == 'GET':
                    fields = [v for k, v in query if k == 'fields']
                    return 200, {kind: _fields(item, fields)}
                if request.method == 'PUT':
                    return 200, {kind: self.update(kind, item,
                                                   body.get(kind) or {})}
                if request.method == 'DELETE':
                    self.delete(kind, item)
                    return 204, None
            raise Error(405, 'HTTPMethodNotAllowed', 'not allowed')

    # -- resources -------------------------------------------------------------

    def quota(self, project):
        return dict(DEFAULT_QUOTA, **self.quotas.get(project, {}))

    def visible(self, kind, item, project, admin):
        if admin or item.get('tenant_id') == project:
            return True
        if kind == 'subnet':
            net = self.data['network'].get(item['network_id']) or {}
            return bool(net.get('shared'))
        return kind == 'network' and item.get('shared')

    def list(self, kind, query, project, admin):
        if kind == 'security_group' and not admin:
            self.default_group(project)
        wanted = {}
        for key, value in query:
            if key == 'project_id':
                key = 'tenant_id'
            wanted.setdefault(key, []).append(value)
        if kind == 'security_group' and 'tenant_id' in wanted:
            for p in wanted['tenant_id']:
                self.default_group(p)
        fields = wanted.pop('fields', [])
        items = []
        for item in self.data[kind].values():
            if not self.visible(kind, item, project, admin):
                continue
            if all(_match(item, key, values)
                   for key, values in wanted.items()):
                items.append(_fields(item, fields))
        return items

    def get(self, kind, item_id, project, admin):
        item = self.data[kind].get(item_id)
        if item is None or not self.visible(kind, item, project, admin):
            name = {'network': 'Network', 'subnet': 'Subnet',
                    'port': 'Port', 'security_group': 'SecurityGroup',
                    'security_group_rule': 'SecurityGroupRule'}.get(
                        kind, 'Resource')
            raise Error(404, name + 'NotFound', '%s %s could not be found.'
                        % (name, item_id))
        return item

    def create(self, kind, values):
        return getattr(self, '_new_' + kind)(values)

    def update(self, kind, item, values):
        if kind == 'port':
            if 'fixed_ips' in values:
                raise Error(400, 'BadRequest', 'fixed_ips update not '
                            'supported by the fake')
            for key, value in values.items():
                if key == 'binding:host_id':
                    item[key] = value or ''
                    item['binding:vif_type'] = 'tap' if value else 'unbound'
                    item['binding:vif_details'] = \
                        {'port_filter': True} if value else {}
                elif key == 'binding:profile':
                    item[key] = value or {}
                else:
                    item[key] = value
            if values.get('binding:host_id') is None and \
                    'binding:host_id' in values:
                item['binding:host_id'] = ''
            return copy.deepcopy(item)
        item.update(values)
        return copy.deepcopy(item)

    def delete(self, kind, item):
        if kind == 'network':
            for port in list(self.data['port'].values()):
                if port['network_id'] == item['id']:
                    if port['device_owner'].startswith('compute:'):
                        raise Error(409, 'NetworkInUse', 'Unable to '
                                    'complete operation on network %s. '
                                    'There are one or more ports still in '
                                    'use on the network.' % item['id'])
                    del self.data['port'][port['id']]
            for subnet_id in item['subnets']:
                self.data['subnet'].pop(subnet_id, None)
        if kind == 'security_group':
            for rule_id in [r['id'] for r in item['security_group_rules']]:
                self.data['security_group_rule'].pop(rule_id, None)
        if kind == 'security_group_rule':
            group = self.data['security_group'].get(
                item['security_group_id'])
            if group:
                group['security_group_rules'] = [
                    r for r in group['security_group_rules']
                    if r['id'] != item['id']]
        del self.data[kind][item['id']]

    def _new_network(self, values):
        net = {'id': str(uuid.uuid4()), 'name': values.get('name', ''),
               'tenant_id': values['tenant_id'],
               'project_id': values['tenant_id'],
               'shared': bool(values.get('shared', False)),
               'admin_state_up': values.get('admin_state_up', True),
               'status': 'ACTIVE', 'subnets': [],
               'mtu': values.get('mtu', 1500),
               'router:external': bool(values.get('router:external',
                                                  False)),
               'port_security_enabled': True, 'description': ''}
        self.data['network'][net['id']] = net
        return copy.deepcopy(net)

    def _new_subnet(self, values):
        net = self.data['network'].get(values.get('network_id'))
        if net is None:
            raise Error(404, 'NetworkNotFound', 'Network %s could not be '
                        'found.' % values.get('network_id'))
        try:
            cidr = ipaddress.ip_network(values['cidr'], strict=False)
        except (KeyError, ValueError):
            raise Error(400, 'InvalidInput', "Invalid input for cidr. "
                        "Reason: '%s' is not a valid IP subnet."
                        % values.get('cidr'))
        hosts = list(cidr.hosts())
        gateway = values.get('gateway_ip')
        if gateway is None:
            gateway = str(hosts[0])
        elif gateway is False:
            gateway = None
        pools = values.get('allocation_pools') or [
            {'start': str(hosts[1] if gateway else hosts[0]),
             'end': str(hosts[-1])}]
        subnet = {'id': str(uuid.uuid4()), 'network_id': net['id'],
                  'name': values.get('name', ''), 'cidr': str(cidr),
                  'ip_version': cidr.version, 'gateway_ip': gateway,
                  'allocation_pools': pools, 'enable_dhcp': True,
                  'dns_nameservers': values.get('dns_nameservers', []),
                  'host_routes': values.get('host_routes', []),
                  'tenant_id': values['tenant_id'],
                  'project_id': values['tenant_id']}
        self.data['subnet'][subnet['id']] = subnet
        net['subnets'].append(subnet['id'])
        return copy.deepcopy(subnet)

    def _used_ips(self, subnet_id):
        return {f['ip_address'] for p in self.data['port'].values()
                for f in p['fixed_ips'] if f['subnet_id'] == subnet_id}

    def _allocate(self, net, requested):
        subnets = [self.data['subnet'][s] for s in net['subnets']]
        fixed = []
        for req in requested or []:
            address = req.get('ip_address')
            subnet = None
            for s in subnets:
                if req.get('subnet_id') in (None, s['id']) and (
                        address is None or ipaddress.ip_address(address) in
                        ipaddress.ip_network(s['cidr'])):
                    subnet = s
                    break
            if subnet is None:
                raise Error(400, 'InvalidIpForNetwork', 'IP address %s is '
                            'not a valid IP for any of the subnets on the '
                            'specified network.' % address)
            if address is None:
                address = self._next_ip(subnet, net)
            elif address in self._used_ips(subnet['id']):
                raise Error(409, 'IpAddressInUse', 'Unable to complete '
                            'operation for network %s. The IP address %s '
                            'is in use.' % (net['id'], address))
            fixed.append({'subnet_id': subnet['id'], 'ip_address': address})
        if requested is None:
            for subnet in subnets:
                fixed.append({'subnet_id': subnet['id'],
                              'ip_address': self._next_ip(subnet, net)})
        return fixed

    def _next_ip(self, subnet, net):
        used = self._used_ips(subnet['id'])
        for pool in subnet['allocation_pools']:
            ip = ipaddress.ip_address(pool['start'])
            while ip <= ipaddress.ip_address(pool['end']):
                if str(ip) not in used:
                    return str(ip)
                ip += 1
        raise Error(409, 'IpAddressGenerationFailure', 'No more IP '
                    'addresses available on network %s.' % net['id'])

    def _new_port(self, values):
        net = self.data['network'].get(values.get('network_id'))
        if net is None:
            raise Error(404, 'NetworkNotFound', 'Network %s could not be '
                        'found.' % values.get('network_id'))
        project = values['tenant_id']
        used = sum(1 for p in self.data['port'].values()
                   if p['tenant_id'] == project)
        if used >= self.quota(project)['port']:
            raise Error(409, 'OverQuota', 'Quota exceeded for resources: '
                        "['port'].")
        fixed = self._allocate(net, values.get('fixed_ips'))
        groups = values.get('security_groups')
        if groups is None:
            groups = [self.default_group(project)['id']]
        port_id = str(uuid.uuid4())
        n = len(self.data['port']) + 1
        port = {'id': port_id, 'name': values.get('name', ''),
                'network_id': net['id'], 'tenant_id': project,
                'project_id': project,
                'mac_address': values.get('mac_address') or
                'fa:16:3e:%02x:%02x:%02x' % (n >> 16 & 255, n >> 8 & 255,
                                             n & 255),
                'fixed_ips': fixed, 'device_id': values.get('device_id', ''),
                'device_owner': values.get('device_owner', ''),
                'admin_state_up': values.get('admin_state_up', True),
                'status': 'DOWN', 'security_groups': list(groups),
                'port_security_enabled': True,
                'binding:host_id': values.get('binding:host_id', ''),
                'binding:vif_type': 'unbound', 'binding:vif_details': {},
                'binding:vnic_type': 'normal', 'binding:profile': {},
                'description': ''}
        self.data['port'][port_id] = port
        return copy.deepcopy(port)

    def default_group(self, project):
        for group in self.data['security_group'].values():
            if group['tenant_id'] == project and group['name'] == 'default':
                return group
        group = self._new_security_group({'name': 'default',
                                          'tenant_id': project,
                                          'description': 'Default security '
                                                         'group'})
        return self.data['security_group'][group['id']]

    def _new_security_group(self, values):
        if values.get('name') == 'default' and any(
                g['name'] == 'default' and
                g['tenant_id'] == values['tenant_id']
                for g in self.data['security_group'].values()):
            raise Error(409, 'SecurityGroupDefaultAlreadyExists',
                        'Default security group already exists.')
        group = {'id': str(uuid.uuid4()), 'name': values.get('name', ''),
                 'description': values.get('description', ''),
                 'tenant_id': values['tenant_id'],
                 'project_id': values['tenant_id'],
                 'security_group_rules': []}
        self.data['security_group'][group['id']] = group
        for ethertype in ('IPv4', 'IPv6'):
            self._new_security_group_rule({
                'security_group_id': group['id'], 'direction': 'egress',
                'ethertype': ethertype, 'tenant_id': values['tenant_id']})
        return copy.deepcopy(group)

    def _new_security_group_rule(self, values):
        group = self.data['security_group'].get(
            values.get('security_group_id'))
        if group is None:
            raise Error(404, 'SecurityGroupNotFound', 'Security group %s '
                        'does not exist' % values.get('security_group_id'))
        rule = {'id': str(uuid.uuid4()),
                'security_group_id': group['id'],
                'direction': values.get('direction', 'ingress'),
                'ethertype': values.get('ethertype', 'IPv4'),
                'protocol': values.get('protocol'),
                'port_range_min': values.get('port_range_min'),
                'port_range_max': values.get('port_range_max'),
                'remote_ip_prefix': values.get('remote_ip_prefix'),
                'remote_group_id': values.get('remote_group_id'),
                'tenant_id': values['tenant_id'],
                'project_id': values['tenant_id'], 'description': ''}
        self.data['security_group_rule'][rule['id']] = rule
        group['security_group_rules'].append(rule)
        return copy.deepcopy(rule)

    # -- serving -----------------------------------------------------------------

    def adapter(self, project_token=None):
        return InProcessAdapter(self)

    def serve(self):
        """Serve over HTTP on 127.0.0.1 (a thread); returns (endpoint,
        stop)."""
        server = simple_server.make_server(
            '127.0.0.1', 0, self.app, handler_class=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        return 'http://127.0.0.1:%d' % server.server_address[1], \
            server.shutdown


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _match(item, key, values):
    if key == 'fixed_ips':
        wanted = [v.partition('=') for v in values]
        return any(any(f.get(k) == v for f in item.get('fixed_ips', []))
                   for k, _, v in wanted)
    if key not in item:
        return True
    actual = item[key]
    if isinstance(actual, bool):
        return any(_bool(v) == actual for v in values)
    return any(str(actual) == v for v in values)


def _fields(item, fields):
    item = copy.deepcopy(item)
    if not fields:
        return item
    return {k: v for k, v in item.items() if k in fields}


class _Response(object):
    def __init__(self, resp):
        self.status_code = resp.status_code
        self.content = resp.body
        self.text = resp.text

    def json(self):
        return json.loads(self.content)


class InProcessAdapter(object):
    """What NeutronClient needs of a keystoneauth Adapter, calling the
    fake's WSGI app directly; `token` is the X-Auth-Token sent."""

    def __init__(self, fake, token=None):
        self.fake = fake
        self.token = token

    def get_endpoint(self):
        return 'http://fake-neutron'

    def request(self, url, method, params=None, json=None, headers=None,
                raise_exc=False, **kwargs):
        path = url[len('http://fake-neutron'):]
        if params:
            path += '?' + urllib.parse.urlencode(params)
        req = webob.Request.blank(path, method=method)
        if self.token:
            req.headers['X-Auth-Token'] = self.token
        if json is not None:
            import json as _json
            req.body = _json.dumps(json).encode()
            req.content_type = 'application/json'
        return _Response(req.get_response(self.fake.app))
