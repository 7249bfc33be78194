"""Network, Subnet and NetworkQuotas: the network service's data, read
and written through the conductor like every object."""
from nova_lite.objects import base
from nova_lite.objects import fields


def _standard_fields(**extra):
    return dict(base.NovaLiteTimestampObject.fields, **dict({
        'id': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'name': fields.StringField(nullable=True),
        'description': fields.StringField(nullable=True),
        'revision_number': fields.IntegerField(default=0),
    }, **extra))


def _changes(obj):
    values = obj.obj_get_changes()
    for key in ('created_at', 'updated_at', 'revision_number'):
        values.pop(key, None)
    return values


@base.NovaLiteObjectRegistry.register
class Network(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = _standard_fields(**{
        'status': fields.StringField(default='ACTIVE'),
        'admin_state_up': fields.BooleanField(default=True),
        'shared': fields.BooleanField(default=False),
        'mtu': fields.IntegerField(default=1500),
        'port_security_enabled': fields.BooleanField(default=True),
        'subnets': fields.ListOfStringsField(default=[]),
    })

    @base.remotable
    def create(self):
        values = _changes(self)
        values.pop('subnets', None)
        self._from_db_object(self._context, self,
                             base.db().network_create(self._context, values))

    @base.remotable
    def save(self):
        values = _changes(self)
        values.pop('subnets', None)
        values.pop('id', None)
        self._from_db_object(self._context, self, base.db().network_update(
            self._context, self.id, values))

    @base.remotable
    def destroy(self):
        """Returns the ids of the DHCP ports deleted with it."""
        return base.db().network_destroy(self._context, self.id)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, network_id):
        return cls._from_db_object(context, cls(),
                                   base.db().network_get(context,
                                                         network_id))


@base.NovaLiteObjectRegistry.register
class NetworkList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Network')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None, visible_to=None):
        rows = base.db().network_get_all(context, filters, visible_to)
        return cls(context, objects=[
            Network._from_db_object(context, Network(), r) for r in rows])


@base.NovaLiteObjectRegistry.register
class Subnet(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = _standard_fields(**{
        'network_id': fields.UUIDField(),
        'ip_version': fields.IntegerField(),
        'cidr': fields.StringField(),
        'gateway_ip': fields.StringField(nullable=True),
        'enable_dhcp': fields.BooleanField(default=True),
        'allocation_pools': fields.JSONListField(default=[]),
        'dns_nameservers': fields.JSONListField(default=[]),
        'host_routes': fields.JSONListField(default=[]),
    })

    @base.remotable
    def create(self):
        self._from_db_object(self._context, self, base.db().subnet_create(
            self._context, _changes(self)))

    @base.remotable
    def save(self):
        values = _changes(self)
        values.pop('id', None)
        self._from_db_object(self._context, self, base.db().subnet_update(
            self._context, self.id, values))

    @base.remotable
    def destroy(self):
        base.db().subnet_destroy(self._context, self.id)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, subnet_id):
        return cls._from_db_object(context, cls(),
                                   base.db().subnet_get(context, subnet_id))


@base.NovaLiteObjectRegistry.register
class SubnetList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Subnet')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None, visible_to=None):
        rows = base.db().subnet_get_all(context, filters, visible_to)
        return cls(context, objects=[
            Subnet._from_db_object(context, Subnet(), r) for r in rows])


@base.NovaLiteObjectRegistry.register
class NetworkQuotas(base.NovaLiteObject):
    """A project's network quotas: limits (resource -> int) and usage."""
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'project_id': fields.StringField(),
        'limits': fields.JSONDictField(default={}),
    }

    @classmethod
    @base.remotable
    def get_for_project(cls, context, project_id):
        return cls(context, project_id=project_id,
                   limits=base.db().network_quota_get(context, project_id))

    @classmethod
    @base.remotable
    def get_all(cls, context):
        """{project_id: limits} for projects with limits of their own."""
        return base.db().network_quota_get_all(context)

    @classmethod
    @base.remotable
    def set_for_project(cls, context, project_id, limits):
        return cls(context, project_id=project_id,
                   limits=base.db().network_quota_set(context, project_id,
                                                      limits))

    @classmethod
    @base.remotable
    def delete_for_project(cls, context, project_id):
        base.db().network_quota_destroy(context, project_id)

    @classmethod
    @base.remotable
    def get_usage(cls, context, project_id):
        return base.db().network_usage(context, project_id)
