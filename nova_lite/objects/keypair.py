"""KeyPair: a user's ssh public key or x509 certificate."""
from nova_lite.objects import base
from nova_lite.objects import fields

KEYPAIR_TYPE_SSH = 'ssh'
KEYPAIR_TYPE_X509 = 'x509'


def _from_row(context, row):
    return KeyPair._from_db_object(context, KeyPair(), row)


@base.NovaLiteObjectRegistry.register
class KeyPair(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = dict(base.NovaLiteTimestampObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.StringField(),
    })

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        values.pop('id', None)
        values.setdefault('type', KEYPAIR_TYPE_SSH)
        row = base.db().key_pair_create(self._context, values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        base.db().key_pair_destroy(self._context, self.user_id, self.name)

    @classmethod
    @base.remotable
    def get_by_name(cls, context, user_id, name):
        return _from_row(context, base.db().key_pair_get(context, user_id,
                                                         name))

    @classmethod
    @base.remotable
    def destroy_by_name(cls, context, user_id, name):
        base.db().key_pair_destroy(context, user_id, name)


@base.NovaLiteObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('KeyPair')}

    @classmethod
    @base.remotable
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        rows = base.db().key_pair_get_all_by_user(context, user_id,
                                                  limit=limit, marker=marker)
        return cls(context, objects=[_from_row(context, r) for r in rows])

    @classmethod
    @base.remotable
    def get_count_by_user(cls, context, user_id):
        return base.db().key_pair_count_by_user(context, user_id)
