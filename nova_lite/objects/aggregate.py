"""Aggregate: a named group of compute hosts with metadata. The
``availability_zone`` metadata key makes it an availability zone."""
from nova_lite.objects import base
from nova_lite.objects import fields

AZ_KEY = 'availability_zone'


def _from_row(context, row):
    return Aggregate._from_db_object(context, Aggregate(), row)


@base.NovaLiteObjectRegistry.register
class Aggregate(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = dict(base.NovaLiteTimestampObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(nullable=True),
        'metadata': fields.DictOfStringsField(nullable=True),
    })

    obj_extra_fields = ['availability_zone']

    @property
    def availability_zone(self):
        if not self.obj_attr_is_set('metadata'):
            return None
        return (self.metadata or {}).get(AZ_KEY)

    def _refresh(self, row):
        self._from_db_object(self._context, self, row)

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        metadata = values.pop('metadata', None) or {}
        values.pop('hosts', None)
        values.pop('id', None)
        self._refresh(base.db().aggregate_create(self._context, values,
                                                 metadata=metadata))

    @base.remotable
    def save(self):
        values = self.obj_get_changes()
        values = {k: v for k, v in values.items() if k == 'name'}
        if values:
            self._refresh(base.db().aggregate_update(self._context, self.id,
                                                     values))

    @base.remotable
    def update_metadata(self, updates):
        """Set keys; a None value removes the key."""
        self._refresh(base.db().aggregate_metadata_update(
            self._context, self.id, dict(updates)))

    @base.remotable
    def add_host(self, host):
        self._refresh(base.db().aggregate_host_add(self._context, self.id,
                                                   host))

    @base.remotable
    def delete_host(self, host):
        self._refresh(base.db().aggregate_host_delete(self._context,
                                                      self.id, host))

    @base.remotable
    def destroy(self):
        base.db().aggregate_destroy(self._context, self.id)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, aggregate_id):
        return _from_row(context, base.db().aggregate_get(context,
                                                          aggregate_id))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, aggregate_uuid):
        return _from_row(context, base.db().aggregate_get_by_uuid(
            context, aggregate_uuid))


@base.NovaLiteObjectRegistry.register
class AggregateList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Aggregate')}

    @classmethod
    @base.remotable
    def get_all(cls, context):
        rows = base.db().aggregate_get_all(context)
        return cls(context, objects=[_from_row(context, r) for r in rows])

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host, key=None):
        rows = base.db().aggregate_get_by_host(context, host, key=key)
        return cls(context, objects=[_from_row(context, r) for r in rows])

    @classmethod
    @base.remotable
    def get_host_availability_zones(cls, context):
        """{host: [zone, ...]} for hosts in aggregates with a zone."""
        return base.db().aggregate_host_azs(context)
