"""The base of nova_lite's versioned objects.

Remotable methods reach the database through `db()`, which imports the DB
layer lazily: it is only ever called where the method runs locally, i.e. in
the conductor (or nova-lite-manage). Everywhere else `indirection_api` is set
and the call travels to the conductor instead.
"""
import importlib

from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from nova_lite.objects import fields

remotable = ovo_base.remotable
# Field types whose values are never versioned objects (what
# obj_what_changed need not look into).
_SCALAR_FIELD_TYPES = (ovo_fields.Boolean, ovo_fields.DateTime,
                       ovo_fields.Integer, ovo_fields.Float,
                       ovo_fields.String, ovo_fields.UUID, ovo_fields.Dict,
                       ovo_fields.List)
obj_make_list = ovo_base.obj_make_list


def db():
    """The DB API module (conductor and nova-lite-manage only)."""
    return importlib.import_module('nova_lite.db.api')


class NovaLiteObjectRegistry(ovo_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        # Expose the newest version of each class as nova_lite.objects.<Name>
        from nova_lite import objects
        version = versionutils.convert_version_to_tuple(cls.VERSION)
        current = getattr(objects, cls.obj_name(), None)
        if current is None or version >= versionutils.convert_version_to_tuple(
                current.VERSION):
            setattr(objects, cls.obj_name(), cls)


class NovaLiteObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_lite_object'
    OBJ_PROJECT_NAMESPACE = 'nova_lite'

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        """Hydrate from a peer's primitive without coercing twice.

        from_primitive() already yields each field's type (the peer
        coerced the value when it was set); going through the property
        setter would coerce it again, which dominated the cost of
        receiving long lists (200 servers for /servers/detail).
        """
        self = cls()
        self._context = context
        self.VERSION = objver
        objdata = cls._obj_primitive_field(primitive, 'data')
        changes = cls._obj_primitive_field(primitive, 'changes', [])
        for name, field in self.fields.items():
            if name in objdata:
                value = field.from_primitive(self, name, objdata[name])
                if value is None and not field.nullable:
                    setattr(self, name, value)  # raises as ovo would
                object.__setattr__(self, '_obj_' + name, value)
        self._changed_fields = {x for x in changes if x in self.fields}
        return self

    def obj_reset_changes_recursive(self):
        self.obj_reset_changes(recursive=True)

    # ovo's versions of the next two cost O(fields) per call (obj_fields
    # builds a list each time) and obj_what_changed calls getattr on every
    # field; serializing 200 instances spent most of its time there. Same
    # answers, with a per-class cache of which fields may hold an object.

    def obj_attr_is_set(self, attrname):
        if attrname not in self.fields and \
                attrname not in self.obj_extra_fields:
            return super().obj_attr_is_set(attrname)  # raises as ovo does
        return hasattr(self, '_obj_' + attrname)

    @classmethod
    def _obj_object_fields(cls):
        cached = cls.__dict__.get('_object_field_names')
        if cached is None or cached[0] is not cls.fields:
            names = tuple(
                name for name, field in cls.fields.items()
                if not isinstance(getattr(field, '_type', None),
                                  _SCALAR_FIELD_TYPES))
            cached = (cls.fields, names)
            cls._object_field_names = cached
        return cached[1]

    def obj_what_changed(self):
        changes = {f for f in self._changed_fields if f in self.fields}
        attrs = self.__dict__
        for name in self._obj_object_fields():
            value = attrs.get('_obj_' + name)
            if isinstance(value, ovo_base.VersionedObject) and \
                    value.obj_what_changed():
                changes.add(name)
        return changes

    @staticmethod
    def _from_db_object(context, obj, db_row, skip=()):
        for name in obj.fields:
            if name in skip:
                continue
            if isinstance(db_row, dict):
                if name not in db_row:
                    continue
                value = db_row[name]
            else:
                if not hasattr(db_row, name):
                    continue
                value = getattr(db_row, name)
            setattr(obj, name, value)
        obj._context = context
        obj.obj_reset_changes()
        return obj


class NovaLiteTimestampObject(object):
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }


class NovaLitePersistentObject(object):
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': ovo_fields.BooleanField(default=False),
    }


class ObjectListBase(ovo_base.ObjectListBase):
    pass


class NovaLiteObjectSerializer(ovo_base.VersionedObjectSerializer):
    OBJ_BASE_CLASS = NovaLiteObject

    # A newer peer may send a version this release does not know: ovo's
    # _process_object then asks indirection_api (the conductor, in every
    # service but the conductor itself) for object_backport_versions with
    # this release's manifest, as Nova does
    # (tests/unit/test_object_serialization.py drives that path).


class NovaLiteObjectDictCompat(ovo_base.VersionedObjectDictCompat):
    pass


def obj_to_primitive(obj):
    if isinstance(obj, ObjectListBase):
        return [obj_to_primitive(x) for x in obj]
    if isinstance(obj, NovaLiteObject):
        result = {}
        for key in obj.obj_fields:
            if obj.obj_attr_is_set(key):
                result[key] = obj_to_primitive(getattr(obj, key))
        return result
    return obj
