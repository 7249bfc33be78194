"""InstanceInfoCache: an instance's network info (its VIFs, as the
compute last read them from the network service), so that server views
never ask the network service."""
from oslo_serialization import jsonutils

from nova_lite.objects import base
from nova_lite.objects import fields


def _decode(row):
    row = dict(row)
    row['network_info'] = jsonutils.loads(row.get('network_info') or '[]')
    row['deleted'] = bool(row.get('deleted'))
    return row


@base.NovaLiteObjectRegistry.register
class InstanceInfoCache(base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'instance_uuid': fields.UUIDField(),
        # A list of VIF dicts (nova_lite.network.model).
        'network_info': fields.JSONListField(default=[]),
    })

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The cache, or an empty one when the instance has none."""
        row = base.db().instance_info_cache_get(context, instance_uuid)
        if row is None:
            return cls(context, instance_uuid=instance_uuid,
                       network_info=[])
        return cls._from_db_object(context, cls(), _decode(row))

    @classmethod
    @base.remotable
    def update_network_info(cls, context, instance_uuid, network_info):
        row = base.db().instance_info_cache_update(
            context, instance_uuid, jsonutils.dumps(list(network_info)))
        return cls._from_db_object(context, cls(), _decode(row))

    @classmethod
    @base.remotable
    def delete_by_instance_uuid(cls, context, instance_uuid):
        base.db().instance_info_cache_delete(context, instance_uuid)


@base.NovaLiteObjectRegistry.register
class InstanceInfoCacheList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceInfoCache')}

    @classmethod
    @base.remotable
    def get_by_instance_uuids(cls, context, instance_uuids):
        rows = base.db().instance_info_cache_get_by_instance_uuids(
            context, list(instance_uuids))
        return cls(context, objects=[
            InstanceInfoCache._from_db_object(context, InstanceInfoCache(),
                                              _decode(row))
            for row in rows.values()])

    def by_instance(self):
        return {c.instance_uuid: list(c.network_info) for c in self.objects}
