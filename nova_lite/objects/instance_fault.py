import traceback

from nova_lite.objects import base
from nova_lite.objects import fields


@base.NovaLiteObjectRegistry.register
class InstanceFault(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
    }

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        if values.get('message'):
            values['message'] = values['message'][:255]
        row = base.db().instance_fault_create(self._context, values)
        self._from_db_object(self._context, self, row)

    @classmethod
    def from_exception(cls, context, instance_uuid, exc, host=None,
                       with_traceback=True):
        """Build (not save) a fault the way Nova records one."""
        code = getattr(exc, 'code', 500)
        if not isinstance(code, int):
            code = 500
        message = exc.__class__.__name__
        if hasattr(exc, 'format_message'):
            message = exc.format_message()
        details = ''
        if with_traceback and code == 500:
            details = ''.join(traceback.format_exception(
                type(exc), exc, exc.__traceback__))
        return cls(context, instance_uuid=instance_uuid, code=code,
                   message=str(message)[:255], details=details, host=host)


@base.NovaLiteObjectRegistry.register
class InstanceFaultList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceFault')}

    @classmethod
    @base.remotable
    def get_latest_by_instance_uuids(cls, context, instance_uuids):
        by_uuid = base.db().instance_fault_get_by_instance_uuids(
            context, instance_uuids, latest=True)
        objects = [InstanceFault._from_db_object(context, InstanceFault(), r)
                   for rows in by_uuid.values() for r in rows]
        return cls(context, objects=objects)
