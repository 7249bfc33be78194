from nova_lite.objects import base
from nova_lite.objects import fields

# Bumped when a service's RPC behaviour changes, so a newer conductor can
# tell what an older compute understands.
SERVICE_VERSION = 1


def _from_row(context, row):
    return Service._from_db_object(context, Service(), row)


@base.NovaLiteObjectRegistry.register
class Service(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    VERSION = '1.0'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(),
        'disabled': fields.BooleanField(),
        'disabled_reason': fields.StringField(nullable=True),
        'forced_down': fields.BooleanField(),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'version': fields.IntegerField(),
    })

    @staticmethod
    def _from_db_object(context, obj, row, skip=()):
        row = dict(row)
        row['deleted'] = bool(row.get('deleted'))
        return base.NovaLiteObject._from_db_object(context, obj, row, skip)

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        values.setdefault('version', SERVICE_VERSION)
        row = base.db().service_create(self._context, values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        values = self.obj_get_changes()
        values.pop('id', None)
        if values:
            row = base.db().service_update(self._context, self.id, values)
            self._from_db_object(self._context, self, row)

    @base.remotable
    def heartbeat(self):
        """Tell the world this service is alive (service group report)."""
        row = base.db().service_heartbeat(self._context, self.id)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        base.db().service_destroy(self._context, self.id)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, service_id):
        return _from_row(context, base.db().service_get(context, service_id))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, service_uuid):
        return _from_row(context,
                         base.db().service_get_by_uuid(context, service_uuid))

    @classmethod
    @base.remotable
    def get_by_host_and_binary(cls, context, host, binary):
        return _from_row(context, base.db().service_get_by_host_and_binary(
            context, host, binary))


@base.NovaLiteObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovaLiteObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Service')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None):
        rows = base.db().service_get_all(context, filters)
        return cls(context, objects=[_from_row(context, r) for r in rows])
