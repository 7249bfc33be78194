"""Server groups (InstanceGroup): a policy shared by a set of instances
that the scheduler honours when it places them."""
from oslo_utils import versionutils
from oslo_versionedobjects import fields as ovo_fields

from nova_lite.objects import base
from nova_lite.objects import fields

POLICIES = ('affinity', 'anti-affinity', 'soft-affinity',
            'soft-anti-affinity')


@base.NovaLiteObjectRegistry.register
class InstanceGroup(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    # 1.1: hosts
    VERSION = '1.1'

    fields = dict(base.NovaLiteTimestampObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'policy': fields.StringField(),
        'rules': ovo_fields.DictOfIntegersField(default={}),
        # Live (not deleted) member instances, in the order they joined.
        'members': fields.ListOfStringsField(default=[]),
        # The host of each placed member (a host repeats for each member
        # it holds), as the scheduler sees it in a RequestSpec; not stored.
        'hosts': fields.ListOfStringsField(nullable=True),
    })

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 1):
            primitive.pop('hosts', None)

    @staticmethod
    def _from_db_object(context, group, row, skip=()):
        return base.NovaLiteObject._from_db_object(context, group, row, skip)

    @base.remotable
    def create(self):
        values = {k: getattr(self, k) for k in
                  ('uuid', 'name', 'user_id', 'project_id', 'policy',
                   'rules') if self.obj_attr_is_set(k)}
        members = self.members if self.obj_attr_is_set('members') else []
        row = base.db().instance_group_create(self._context, values,
                                              members=members)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        base.db().instance_group_delete(self._context, self.uuid)

    @base.remotable
    def get_member_hosts(self, exclude=None):
        """One host per placed member (a host repeats for each member it
        holds), leaving out the `exclude`d instance uuids."""
        return base.db().instance_group_member_hosts(
            self._context, self.uuid, exclude=exclude or [])

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid):
        return cls._from_db_object(
            context, cls(), base.db().instance_group_get_by_uuid(context,
                                                                 uuid))

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        return cls._from_db_object(
            context, cls(), base.db().instance_group_get_by_instance(
                context, instance_uuid))

    @classmethod
    @base.remotable
    def add_members(cls, context, group_uuid, instance_uuids):
        """Returns the group's members after the addition."""
        return base.db().instance_group_members_add(context, group_uuid,
                                                    list(instance_uuids))

    @classmethod
    @base.remotable
    def remove_instance(cls, context, instance_uuid):
        """Drop a deleted instance from its group(s)."""
        return base.db().instance_group_member_delete_by_instance(
            context, instance_uuid)


@base.NovaLiteObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial (InstanceGroup 1.0)
    # 1.1: InstanceGroup 1.1
    VERSION = '1.1'

    fields = {'objects': fields.ListOfObjectsField('InstanceGroup')}

    @classmethod
    def _make(cls, context, rows):
        return cls(context, objects=[
            InstanceGroup._from_db_object(context, InstanceGroup(), r)
            for r in rows])

    @classmethod
    @base.remotable
    def get_all(cls, context):
        return cls._make(context, base.db().instance_group_get_all(context))

    @classmethod
    @base.remotable
    def get_by_project_id(cls, context, project_id):
        return cls._make(context, base.db().instance_group_get_all(
            context, project_id=project_id))
