"""/v2.0/networks and /v2.0/subnets."""
from nova_lite.network import exceptions as exc
from nova_lite.network.server import policy
from nova_lite.network.server.resources import base
from nova_lite.network.service import views


def _no_l3(value, attr):
    if base.boolean(value, attr):
        raise exc.BadRequest(resource='network',
                             msg='External networks are not supported '
                                 '(no L3 service)')
    return False


class Networks(base.Controller):
    collection, member = 'networks', 'network'
    attrs = dict(base.COMMON_ATTRS, **{
        'admin_state_up': base.Attr(base.boolean),
        'shared': base.Attr(base.boolean),
        'port_security_enabled': base.Attr(base.boolean),
        'mtu': base.Attr(base.integer),
        'router:external': base.Attr(_no_l3),
        'availability_zone_hints': base.Attr(base.list_of, put=False),
    })
    db_filters = {'id': 'id', 'name': 'name', 'project_id': 'project_id',
                  'shared': 'shared', 'admin_state_up': 'admin_state_up',
                  'status': 'status'}
    bool_filters = ('shared', 'admin_state_up', 'port_security_enabled',
                    'router:external')

    @property
    def service(self):
        return self.plugin.networks

    def not_found(self, item_id):
        return exc.NetworkNotFound(net_id=item_id)

    def view(self, context, obj):
        return views.network(obj)

    def list(self, context, db_filters, rest):
        visible_to = None if policy.is_admin(context) else \
            context.project_id
        return self.service.list_networks(context, db_filters, visible_to)

    def get(self, context, item_id):
        return self.service.get_network(context, item_id)

    def create_one(self, context, values):
        values = self.owned_values(context, values)
        values.pop('router:external', None)
        values.pop('availability_zone_hints', None)
        self.enforce_create(context, values)
        if values.get('mtu') is not None and not \
                68 <= values['mtu'] <= self.plugin.conf.network.\
                global_physnet_mtu:
            raise exc.InvalidInput(error_message=(
                'Requested MTU is too big, maximum is %d'
                % self.plugin.conf.network.global_physnet_mtu))
        values = {k: v for k, v in values.items() if v is not None}
        return self.service.create_network(context, values)

    def update_one(self, context, obj, values):
        values.pop('router:external', None)
        return self.service.update_network(context, obj, values)

    def remove(self, context, obj):
        self.service.delete_network(context, obj)


def _gateway(value, attr):
    if value is None:
        return None
    return base.string(64)(value, attr)


def _none_only(value, attr):
    if value is not None:
        raise exc.BadRequest(resource='subnet',
                             msg='%s is not supported' % attr)
    return None


class Subnets(base.Controller):
    collection, member = 'subnets', 'subnet'
    attrs = dict(base.COMMON_ATTRS, **{
        'network_id': base.Attr(base.string(36), put=False, required=True),
        'ip_version': base.Attr(base.integer, put=False, required=True),
        'cidr': base.Attr(base.string(64), put=False),
        'gateway_ip': base.Attr(_gateway),
        'allocation_pools': base.Attr(base.list_of, put=False),
        'dns_nameservers': base.Attr(base.list_of),
        'host_routes': base.Attr(base.list_of),
        'enable_dhcp': base.Attr(base.boolean),
        'ipv6_ra_mode': base.Attr(_none_only),
        'ipv6_address_mode': base.Attr(_none_only),
        'subnetpool_id': base.Attr(_none_only, put=False),
        'service_types': base.Attr(base.list_of),
    })
    db_filters = {'id': 'id', 'name': 'name', 'project_id': 'project_id',
                  'network_id': 'network_id', 'cidr': 'cidr',
                  'ip_version': 'ip_version', 'enable_dhcp': 'enable_dhcp',
                  'gateway_ip': 'gateway_ip'}
    bool_filters = ('enable_dhcp',)

    def not_found(self, item_id):
        return exc.SubnetNotFound(subnet_id=item_id)

    def view(self, context, obj):
        return views.subnet(obj)

    def target(self, context, obj):
        return self.with_network(context, self.view(context, obj),
                                 obj.network_id)

    def visible(self, context, obj):
        # list answers are already cut to the caller's and shared ones
        return True

    def find(self, context, item_id):
        obj = self.get(context, item_id)
        if not policy.check(context, 'get_subnet',
                            self.target(context, obj)):
            raise self.not_found(item_id)
        return obj

    def list(self, context, db_filters, rest):
        visible_to = None if policy.is_admin(context) else \
            context.project_id
        return self.plugin.networks.list_subnets(context, db_filters,
                                                 visible_to)

    def get(self, context, item_id):
        return self.plugin.networks.get_subnet(context, item_id)

    def create_one(self, context, values):
        values = self.owned_values(context, values)
        network = self.visible_network(context, values['network_id'])
        for key in ('ipv6_ra_mode', 'ipv6_address_mode', 'subnetpool_id',
                    'service_types'):
            values.pop(key, None)
        if values.get('enable_dhcp') is None:
            values.pop('enable_dhcp', None)
        if 'gateway_ip' not in values:
            values['gateway_ip'] = 'auto'
        policy.enforce(context, 'create_subnet', dict(
            values, **{'network:project_id': network.project_id,
                       'shared': network.shared}))
        return self.plugin.networks.create_subnet(context, values)

    def update_one(self, context, obj, values):
        values.pop('service_types', None)
        for key in ('ipv6_ra_mode', 'ipv6_address_mode'):
            values.pop(key, None)
        return self.plugin.networks.update_subnet(context, obj, values)

    def remove(self, context, obj):
        self.plugin.networks.delete_subnet(context, obj)
