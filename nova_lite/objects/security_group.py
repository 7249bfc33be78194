"""SecurityGroup (with its rules) and SecurityGroupRule of the network
service."""
from nova_lite.objects import base
from nova_lite.objects import fields
from nova_lite.objects import network as network_obj


@base.NovaLiteObjectRegistry.register
class SecurityGroupRule(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = dict(base.NovaLiteTimestampObject.fields, **{
        'id': fields.UUIDField(),
        'security_group_id': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'description': fields.StringField(nullable=True),
        'direction': fields.StringField(),
        'ethertype': fields.StringField(),
        'protocol': fields.StringField(nullable=True),
        'port_range_min': fields.IntegerField(nullable=True),
        'port_range_max': fields.IntegerField(nullable=True),
        'remote_ip_prefix': fields.StringField(nullable=True),
        'remote_group_id': fields.StringField(nullable=True),
        'revision_number': fields.IntegerField(default=0),
    })

    @base.remotable
    def create(self):
        self._from_db_object(
            self._context, self, base.db().security_group_rule_create(
                self._context, network_obj._changes(self)))

    @base.remotable
    def destroy(self):
        base.db().security_group_rule_destroy(self._context, self.id)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, rule_id):
        return cls._from_db_object(
            context, cls(), base.db().security_group_rule_get(context,
                                                              rule_id))


@base.NovaLiteObjectRegistry.register
class SecurityGroupRuleList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('SecurityGroupRule')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None):
        rows = base.db().security_group_rule_get_all(context, filters)
        return cls(context, objects=[
            SecurityGroupRule._from_db_object(context, SecurityGroupRule(),
                                              r) for r in rows])


def _group_from_row(context, row):
    row = dict(row)
    rules = row.pop('security_group_rules', [])
    group = SecurityGroup._from_db_object(context, SecurityGroup(), row,
                                          skip=('rules',))
    group.rules = SecurityGroupRuleList(context, objects=[
        SecurityGroupRule._from_db_object(context, SecurityGroupRule(), r)
        for r in rules])
    group.obj_reset_changes()
    return group


@base.NovaLiteObjectRegistry.register
class SecurityGroup(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = network_obj._standard_fields(**{
        'stateful': fields.BooleanField(default=True),
        'rules': fields.ObjectField('SecurityGroupRuleList', default=None,
                                    nullable=True),
    })

    @base.remotable
    def create(self):
        values = network_obj._changes(self)
        values.pop('rules', None)
        row = base.db().security_group_create(self._context, values)
        self._refresh(row)

    def _refresh(self, row):
        fresh = _group_from_row(self._context, row)
        for name in self.fields:
            if fresh.obj_attr_is_set(name):
                setattr(self, name, getattr(fresh, name))
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self):
        values = network_obj._changes(self)
        values.pop('rules', None)
        values.pop('id', None)
        self._refresh(base.db().security_group_update(self._context,
                                                      self.id, values))

    @base.remotable
    def destroy(self):
        base.db().security_group_destroy(self._context, self.id)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, sg_id):
        return _group_from_row(context,
                               base.db().security_group_get(context, sg_id))

    @classmethod
    @base.remotable
    def ensure_default(cls, context, project_id):
        """The id of the project's `default` group (made on first use)."""
        return base.db().security_group_ensure_default(context, project_id)

    @classmethod
    @base.remotable
    def is_default(cls, context, sg_id):
        return base.db().security_group_is_default(context, sg_id)

    @classmethod
    @base.remotable
    def member_ips(cls, context, sg_ids):
        """{group id: [IPs of its ports]}."""
        return base.db().security_group_member_ips(context, sg_ids)


@base.NovaLiteObjectRegistry.register
class SecurityGroupList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('SecurityGroup')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None):
        rows = base.db().security_group_get_all(context, filters)
        return cls(context, objects=[_group_from_row(context, r)
                                     for r in rows])
