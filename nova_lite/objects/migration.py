"""Migration: one move (resize, cold migration) of an instance."""
from nova_lite.objects import base
from nova_lite.objects import fields

# Nova's migration_type values.
RESIZE = 'resize'
MIGRATION = 'migration'
LIVE_MIGRATION = 'live-migration'
EVACUATION = 'evacuation'


@base.NovaLiteObjectRegistry.register
class Migration(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'source_compute': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'old_instance_type_id': fields.IntegerField(nullable=True),
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'instance_uuid': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'migration_type': fields.StringField(nullable=True),
        'hidden': fields.BooleanField(default=False),
        'cross_cell_move': fields.BooleanField(default=False),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, migration, row, skip=()):
        row = dict(row)
        row['deleted'] = bool(row.get('deleted'))
        return base.NovaLiteObject._from_db_object(context, migration, row,
                                                   skip)

    @base.remotable
    def create(self):
        values = {k: v for k, v in self.obj_get_changes().items()
                  if k not in ('id', 'deleted')}
        row = base.db().migration_create(self._context, values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        values = {k: v for k, v in self.obj_get_changes().items()
                  if k not in ('id', 'uuid', 'deleted')}
        if not values:
            return
        row = base.db().migration_update(self._context, self.id, values)
        self._from_db_object(self._context, self, row)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, migration_id):
        return cls._from_db_object(
            context, cls(), base.db().migration_get(context, migration_id))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, migration_uuid):
        return cls._from_db_object(
            context, cls(),
            base.db().migration_get_by_uuid(context, migration_uuid))

    @classmethod
    @base.remotable
    def get_by_id_and_instance(cls, context, migration_id, instance_uuid):
        return cls._from_db_object(
            context, cls(), base.db().migration_get_by_id_and_instance(
                context, migration_id, instance_uuid))

    @classmethod
    @base.remotable
    def get_by_instance_and_status(cls, context, instance_uuid, status):
        return cls._from_db_object(
            context, cls(), base.db().migration_get_by_instance_and_status(
                context, instance_uuid, status))

    @classmethod
    @base.remotable
    def move_allocations(cls, context, from_consumer, to_consumer):
        """Hand every claim of one consumer to another atomically,
        replacing the target's claims; returns how many moved."""
        return base.db().allocations_move(context, from_consumer,
                                          to_consumer)


@base.NovaLiteObjectRegistry.register
class MigrationList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Migration')}

    @classmethod
    def _make(cls, context, rows):
        return cls(context, objects=[
            Migration._from_db_object(context, Migration(), r)
            for r in rows])

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters, sort_keys=None, sort_dirs=None,
                       limit=None, marker=None):
        return cls._make(context, base.db().migration_get_all_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=limit, marker=marker))

    @classmethod
    @base.remotable
    def get_in_progress_by_instance(cls, context, instance_uuid,
                                    migration_type=None):
        return cls._make(context,
                         base.db().migration_get_in_progress_by_instance(
                             context, instance_uuid, migration_type))

    @classmethod
    @base.remotable
    def get_unconfirmed_by_dest_compute(cls, context, confirm_window,
                                        dest_compute):
        return cls._make(context,
                         base.db().migration_get_unconfirmed_by_dest_compute(
                             context, confirm_window, dest_compute))
