"""The instance action log behind os-instance-actions."""
from oslo_utils import timeutils

from nova_lite.objects import base
from nova_lite.objects import fields


@base.NovaLiteObjectRegistry.register
class InstanceAction(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'action': fields.StringField(),
        'instance_uuid': fields.UUIDField(),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    @base.remotable
    def action_start(cls, context, instance_uuid, action):
        row = base.db().action_start(context, {
            'action': action, 'instance_uuid': instance_uuid,
            'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id,
            'start_time': timeutils.utcnow()})
        return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def action_finish(cls, context, instance_uuid):
        row = base.db().action_finish(context, instance_uuid,
                                      context.request_id, timeutils.utcnow())
        return cls._from_db_object(context, cls(), row) if row else None

    @classmethod
    @base.remotable
    def get_by_request_id(cls, context, instance_uuid, request_id):
        row = base.db().action_get_by_request_id(context, instance_uuid,
                                                 request_id)
        return cls._from_db_object(context, cls(), row) if row else None


@base.NovaLiteObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid, limit=None,
                             marker=None, filters=None):
        rows = base.db().actions_get(context, instance_uuid, limit=limit,
                                     marker=marker, filters=filters)
        return cls(context, objects=[
            InstanceAction._from_db_object(context, InstanceAction(), r)
            for r in rows])


@base.NovaLiteObjectRegistry.register
class InstanceActionEvent(base.NovaLiteObject,
                          base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'event': fields.StringField(),
        'action_id': fields.IntegerField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    }

    @classmethod
    @base.remotable
    def event_start(cls, context, instance_uuid, event_name, host=None):
        row = base.db().action_event_start(
            context, instance_uuid, context.request_id,
            {'event': event_name, 'start_time': timeutils.utcnow(),
             'host': host})
        return cls._from_db_object(context, cls(), row) if row else None

    @classmethod
    @base.remotable
    def event_finish(cls, context, instance_uuid, event_name, result,
                     traceback=None, details=None):
        row = base.db().action_event_finish(
            context, instance_uuid, context.request_id, event_name,
            {'finish_time': timeutils.utcnow(), 'result': result,
             'traceback': traceback, 'details': details})
        return cls._from_db_object(context, cls(), row) if row else None


@base.NovaLiteObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @classmethod
    @base.remotable
    def get_by_action(cls, context, action_id):
        rows = base.db().action_events_get(context, action_id)
        return cls(context, objects=[
            InstanceActionEvent._from_db_object(context,
                                                InstanceActionEvent(), r)
            for r in rows])
