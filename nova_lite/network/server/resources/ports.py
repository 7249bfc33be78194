"""/v2.0/ports: binding:* attributes are the admin's to set and see."""
from nova_lite.network import exceptions as exc
from nova_lite.network.server import policy
from nova_lite.network.server.resources import base
from nova_lite.network.service import views

# API attribute -> the Port object's field
_RENAMED = {'binding:host_id': 'binding_host_id',
            'binding:profile': 'binding_profile',
            'binding:vnic_type': 'binding_vnic_type'}


def _fixed_ips(value, attr):
    value = base.list_of(value, attr)
    for item in value:
        if not isinstance(item, dict) or not item or \
                set(item) - {'subnet_id', 'ip_address'}:
            raise exc.HTTPBadRequest(attr='fixed_ips', reason=(
                "Invalid data format for fixed IP: '%s'" % (item,)))
    return value


def _empty_list(value, attr):
    if value:
        raise exc.BadRequest(resource='port',
                             msg='%s is not supported' % attr)
    return []


def _vnic_type(value, attr):
    if value not in ('normal',):
        raise exc.HTTPBadRequest(attr='binding:vnic_type', reason=(
            "'%s' is not in ['normal']" % (value,)))
    return value


def _groups(value, attr):
    value = base.list_of(value, attr)
    for sg_id in value:
        base.string(36)(sg_id, attr)
    return value


def _parse_fixed_ips(values):
    """`fixed_ips=ip_address=X&fixed_ips=subnet_id=Y` filters."""
    found = {}
    for item in values:
        key, sep, value = str(item).partition('=')
        if not sep or key not in ('ip_address', 'subnet_id'):
            raise exc.HTTPBadRequest(attr='fixed_ips', reason=(
                "Invalid filter '%s'" % item))
        found.setdefault(key, []).append(value)
    return found


class Ports(base.Controller):
    collection, member = 'ports', 'port'
    attrs = dict(base.COMMON_ATTRS, **{
        'network_id': base.Attr(base.string(36), put=False, required=True),
        'admin_state_up': base.Attr(base.boolean),
        'mac_address': base.Attr(base.string(32)),
        'fixed_ips': base.Attr(_fixed_ips),
        'device_id': base.Attr(base.string()),
        'device_owner': base.Attr(base.string()),
        'security_groups': base.Attr(_groups),
        'port_security_enabled': base.Attr(base.boolean),
        'binding:host_id': base.Attr(base.string()),
        'binding:profile': base.Attr(base.dict_value),
        'binding:vnic_type': base.Attr(_vnic_type),
        'allowed_address_pairs': base.Attr(_empty_list),
        'extra_dhcp_opts': base.Attr(_empty_list),
    })
    db_filters = {'id': 'id', 'name': 'name', 'project_id': 'project_id',
                  'network_id': 'network_id', 'device_id': 'device_id',
                  'device_owner': 'device_owner',
                  'mac_address': 'mac_address', 'status': 'status',
                  'binding:host_id': 'binding_host_id',
                  'admin_state_up': 'admin_state_up'}
    bool_filters = ('admin_state_up', 'port_security_enabled')

    def not_found(self, item_id):
        return exc.PortNotFound(port_id=item_id)

    def view(self, context, obj):
        return views.port(obj, show_binding=policy.is_admin(context))

    def target(self, context, obj):
        return self.with_network(context, views.port(obj), obj.network_id)

    def visible(self, context, obj):
        return True  # lists are cut to what the caller may see

    def find(self, context, item_id):
        obj = self.get(context, item_id)
        if not policy.check(context, 'get_port', self.target(context, obj)):
            raise self.not_found(item_id)
        return obj

    def split_filters(self, filters):
        fixed = filters.pop('fixed_ips', None)
        db, rest = super().split_filters(filters)
        db['__fixed_ips'] = _parse_fixed_ips(fixed) if fixed else None
        return db, rest

    def list(self, context, db_filters, rest):
        fixed_ips = db_filters.pop('__fixed_ips', None)
        visible_to = None if policy.is_admin(context) else \
            context.project_id
        return self.plugin.ports.list_ports(context, db_filters, visible_to,
                                            fixed_ips)

    def get(self, context, item_id):
        return self.plugin.ports.get_port(context, item_id)

    @staticmethod
    def _renamed(values):
        return {_RENAMED.get(k, k): v for k, v in values.items()}

    def create_one(self, context, values):
        values = self.owned_values(context, values)
        network = self.visible_network(context, values['network_id'])
        target = dict(values, **{'network:project_id': network.project_id})
        policy.enforce(context, 'create_port', target)
        for key in ('binding:host_id', 'binding:profile', 'mac_address'):
            if values.get(key):
                policy.enforce(context, 'create_port:%s' % key, target)
        if any(ip.get('ip_address') for ip in values.get('fixed_ips') or []):
            policy.enforce(context, 'create_port:fixed_ips:ip_address',
                           target)
        for key in ('allowed_address_pairs', 'extra_dhcp_opts'):
            values.pop(key, None)
        values = {k: v for k, v in self._renamed(values).items()
                  if v is not None or k == 'fixed_ips'}
        if 'fixed_ips' in values and values['fixed_ips'] is None:
            values.pop('fixed_ips')
        return self.plugin.ports.create_port(context, values)

    def update_one(self, context, obj, values):
        target = self.target(context, obj)
        if any(ip.get('ip_address') for ip in values.get('fixed_ips') or []):
            policy.enforce(context, 'update_port:fixed_ips:ip_address',
                           target)
        for key in ('allowed_address_pairs', 'extra_dhcp_opts'):
            values.pop(key, None)
        values = self._renamed(values)
        for key in ('binding_profile', 'name', 'description', 'device_id',
                    'device_owner'):
            if key in values and values[key] is None:
                values[key] = {} if key == 'binding_profile' else ''
        return self.plugin.ports.update_port(context, obj, values)

    def remove(self, context, obj):
        self.plugin.ports.delete_port(context, obj)
