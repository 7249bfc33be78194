"""/v2.0/security-groups and /v2.0/security-group-rules. Touching them
makes the caller's project `default` group, as in Neutron."""
from nova_lite.network import exceptions as exc
from nova_lite.network.server import policy
from nova_lite.network.server.resources import base
from nova_lite.network.service import views


def _int_or_none(value, attr):
    return None if value is None else base.integer(value, attr)


def _protocol(value, attr):
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return base.string(40)(value, attr)


def _none_only(value, attr):
    if value is not None:
        raise exc.BadRequest(resource='security_group_rule',
                             msg='%s is not supported' % attr)
    return None


class _Owned(base.Controller):
    """Project-owned resources: a non-admin lists only its own."""

    def list_filters(self, context, db_filters):
        self.plugin.security_groups.ensure_default(context,
                                                   context.project_id)
        if not policy.is_admin(context):
            db_filters = dict(db_filters, project_id=context.project_id)
        return db_filters

    def get(self, context, item_id):
        self.plugin.security_groups.ensure_default(context,
                                                   context.project_id)
        return self.fetch(context, item_id)


class SecurityGroups(_Owned):
    collection, member = 'security_groups', 'security_group'
    path = 'security-groups'
    attrs = dict(base.COMMON_ATTRS, **{
        'stateful': base.Attr(base.boolean),
    })
    db_filters = {'id': 'id', 'name': 'name', 'project_id': 'project_id'}
    bool_filters = ('stateful',)

    def not_found(self, item_id):
        return exc.SecurityGroupNotFound(id=item_id)

    def view(self, context, obj):
        return views.security_group(obj)

    def list(self, context, db_filters, rest):
        return self.plugin.security_groups.list_groups(
            context, self.list_filters(context, db_filters))

    def fetch(self, context, item_id):
        return self.plugin.security_groups.get_group(context, item_id)

    def create_one(self, context, values):
        values = self.owned_values(context, values)
        self.enforce_create(context, values)
        if values.get('name') == 'default':
            raise exc.SecurityGroupDefaultAlreadyExists()
        return self.plugin.security_groups.create_group(context, values)

    def update_one(self, context, obj, values):
        return self.plugin.security_groups.update_group(context, obj,
                                                        values)

    def remove(self, context, obj):
        self.plugin.security_groups.delete_group(context, obj,
                                                 policy.is_admin(context))


class SecurityGroupRules(_Owned):
    collection, member = 'security_group_rules', 'security_group_rule'
    path = 'security-group-rules'
    attrs = {
        'description': base.Attr(base.string(), put=False),
        'tenant_id': base.Attr(base.string(), put=False),
        'project_id': base.Attr(base.string(), put=False),
        'security_group_id': base.Attr(base.string(36), put=False,
                                       required=True),
        'direction': base.Attr(base.string(16), put=False, required=True),
        'ethertype': base.Attr(base.string(40), put=False),
        'protocol': base.Attr(_protocol, put=False),
        'port_range_min': base.Attr(_int_or_none, put=False),
        'port_range_max': base.Attr(_int_or_none, put=False),
        'remote_ip_prefix': base.Attr(base.string(), put=False),
        'remote_group_id': base.Attr(base.string(36), put=False),
        'remote_address_group_id': base.Attr(_none_only, put=False),
    }
    db_filters = {'id': 'id', 'project_id': 'project_id',
                  'security_group_id': 'security_group_id',
                  'direction': 'direction', 'ethertype': 'ethertype',
                  'protocol': 'protocol',
                  'remote_group_id': 'remote_group_id'}

    def not_found(self, item_id):
        return exc.SecurityGroupRuleNotFound(id=item_id)

    def view(self, context, obj):
        return views.rule(obj)

    def list(self, context, db_filters, rest):
        return self.plugin.security_groups.list_rules(
            context, self.list_filters(context, db_filters))

    def fetch(self, context, item_id):
        return self.plugin.security_groups.get_rule(context, item_id)

    def create_one(self, context, values):
        values = self.owned_values(context, values)
        values.pop('remote_address_group_id', None)
        try:
            group = self.plugin.security_groups.get_group(
                context, values['security_group_id'])
        except exc.SecurityGroupNotFound:
            group = None
        if group is None or not policy.check(
                context, 'get_security_group', views.security_group(group)):
            raise exc.SecurityGroupNotFound(id=values['security_group_id'])
        self.enforce_create(context, values)
        return self.plugin.security_groups.create_rule(context, values)

    def update(self, context, item_id, body):
        raise exc.BadRequest(resource='security_group_rule',
                             msg='Updating a security group rule is not '
                                 'supported')

    def remove(self, context, obj):
        self.plugin.security_groups.delete_rule(context, obj)
