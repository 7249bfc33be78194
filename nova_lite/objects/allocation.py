"""Resource claims on compute nodes (nova_lite's placement-like ledger)."""
from nova_lite.objects import base
from nova_lite.objects import fields


@base.NovaLiteObjectRegistry.register
class Allocation(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'consumer_uuid': fields.UUIDField(),
        'compute_node_id': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'disk_gb': fields.IntegerField(),
        'created_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    @base.remotable
    def claim(cls, context, consumer_uuid, compute_node_id, vcpus, memory_mb,
              disk_gb):
        """Take the resources atomically or raise exception.ClaimFailed."""
        base.db().claim_resources(context, consumer_uuid, compute_node_id,
                                  vcpus, memory_mb, disk_gb)

    @classmethod
    @base.remotable
    def release(cls, context, consumer_uuid, compute_node_id=None):
        """Give back a consumer's claims; returns how many were released."""
        return base.db().release_resources(context, consumer_uuid,
                                           compute_node_id)


@base.NovaLiteObjectRegistry.register
class AllocationList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Allocation')}

    @classmethod
    @base.remotable
    def get_by_consumer(cls, context, consumer_uuid):
        rows = base.db().allocations_get_by_consumer(context, consumer_uuid)
        return cls(context, objects=[
            Allocation._from_db_object(context, Allocation(), r)
            for r in rows])

    @classmethod
    @base.remotable
    def get_all(cls, context):
        rows = base.db().allocations_get_all(context)
        return cls(context, objects=[
            Allocation._from_db_object(context, Allocation(), r)
            for r in rows])
