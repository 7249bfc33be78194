"""Port (with its fixed IPs and security groups) and IPAllocation."""
from nova_lite.objects import base
from nova_lite.objects import fields
from nova_lite.objects import network as network_obj


@base.NovaLiteObjectRegistry.register
class Port(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = network_obj._standard_fields(**{
        'network_id': fields.UUIDField(),
        'mac_address': fields.StringField(nullable=True),
        'admin_state_up': fields.BooleanField(default=True),
        'status': fields.StringField(default='DOWN'),
        'device_id': fields.StringField(default=''),
        'device_owner': fields.StringField(default=''),
        'port_security_enabled': fields.BooleanField(default=True),
        'binding_host_id': fields.StringField(default=''),
        'binding_vnic_type': fields.StringField(default='normal'),
        'binding_vif_type': fields.StringField(default='unbound'),
        'binding_vif_details': fields.JSONDictField(default={}),
        'binding_profile': fields.JSONDictField(default={}),
        # [{"subnet_id", "ip_address"}]; on create/save: what is asked
        # ({"subnet_id"} alone: any address of it; not set: one address)
        'fixed_ips': fields.JSONListField(default=[]),
        'security_groups': fields.ListOfStringsField(default=[]),
    })

    def _split(self):
        values = network_obj._changes(self)
        fixed_ips = values.pop('fixed_ips', None)
        groups = values.pop('security_groups', None)
        return values, fixed_ips, groups

    @base.remotable
    def create(self):
        values, fixed_ips, groups = self._split()
        row = base.db().port_create(self._context, values, fixed_ips,
                                    groups)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        """Returns the port as it was before (a dict)."""
        values, fixed_ips, groups = self._split()
        values.pop('id', None)
        before, after = base.db().port_update(self._context, self.id,
                                              values, fixed_ips, groups)
        self._from_db_object(self._context, self, after)
        return before

    @base.remotable
    def destroy(self):
        base.db().port_destroy(self._context, self.id)

    @classmethod
    @base.remotable
    def update_status(cls, context, port_id, status):
        """Set a port's status; returns the one it had (None: no port)."""
        return base.db().port_update_status(context, port_id, status)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, port_id):
        return cls._from_db_object(context, cls(),
                                   base.db().port_get(context, port_id))


@base.NovaLiteObjectRegistry.register
class PortList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Port')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None, visible_to=None,
                fixed_ips=None):
        rows = base.db().port_get_all(context, filters, visible_to,
                                      fixed_ips)
        return cls(context, objects=[
            Port._from_db_object(context, Port(), r) for r in rows])


@base.NovaLiteObjectRegistry.register
class IPAllocation(base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'port_id': fields.UUIDField(),
        'subnet_id': fields.UUIDField(),
        'network_id': fields.UUIDField(),
        'ip_address': fields.StringField(),
    }


@base.NovaLiteObjectRegistry.register
class IPAllocationList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('IPAllocation')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None):
        rows = base.db().ip_allocation_get_all(context, filters)
        return cls(context, objects=[
            IPAllocation._from_db_object(context, IPAllocation(), r)
            for r in rows])
