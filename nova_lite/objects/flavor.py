from oslo_serialization import jsonutils

from nova_lite.objects import base
from nova_lite.objects import fields


def _from_row(context, row):
    row = dict(row)
    row['extra_specs'] = jsonutils.loads(row.get('extra_specs') or '{}')
    return Flavor._from_db_object(context, Flavor(), row)


@base.NovaLiteObjectRegistry.register
class Flavor(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'name': fields.StringField(),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(),
        'is_public': fields.BooleanField(),
        'description': fields.StringField(nullable=True),
        'extra_specs': fields.DictOfStringsField(),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        values.setdefault('extra_specs', {})
        values['extra_specs'] = jsonutils.dumps(values['extra_specs'])
        row = base.db().flavor_create(self._context, values)
        row['extra_specs'] = jsonutils.loads(row['extra_specs'])
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        values = {}
        for name in self.obj_what_changed():
            if name == 'extra_specs':
                values[name] = jsonutils.dumps(self.extra_specs)
            elif name in ('description', 'is_public', 'disabled'):
                values[name] = getattr(self, name)
        if values:
            row = base.db().flavor_update(self._context, self.flavorid,
                                          values)
            self._from_db_object(self._context, self, dict(
                row, extra_specs=jsonutils.loads(row['extra_specs'])))
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        base.db().flavor_destroy(self._context, self.flavorid)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, flavor_id):
        return _from_row(context, base.db().flavor_get(context, flavor_id))

    @classmethod
    @base.remotable
    def get_by_flavor_id(cls, context, flavorid):
        return _from_row(context,
                         base.db().flavor_get_by_flavor_id(context, flavorid))

    @classmethod
    @base.remotable
    def get_by_name(cls, context, name):
        return _from_row(context, base.db().flavor_get_by_name(context, name))


@base.NovaLiteObjectRegistry.register
class FlavorList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Flavor')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None, sort_key='flavorid',
                sort_dir='asc', limit=None, marker=None):
        rows = base.db().flavor_get_all(context, filters=filters,
                                        sort_key=sort_key, sort_dir=sort_dir,
                                        limit=limit, marker=marker)
        return cls(context, objects=[_from_row(context, r) for r in rows])
