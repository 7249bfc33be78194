from oslo_utils import timeutils

from nova_lite.objects import base
from nova_lite.objects import fields


def _from_row(context, row):
    row = dict(row)
    row['deleted'] = bool(row.get('deleted'))
    return ComputeNode._from_db_object(context, ComputeNode(), row)


@base.NovaLiteObjectRegistry.register
class ComputeNode(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    """A hypervisor: its inventory (reported by the compute service) and its
    usage (owned by the conductor's claims)."""
    # 1.0: initial
    VERSION = '1.0'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(),
        'hypervisor_hostname': fields.StringField(),
        'hypervisor_type': fields.StringField(),
        'hypervisor_version': fields.IntegerField(),
        'host_ip': fields.StringField(nullable=True),
        'cpu_info': fields.StringField(),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(),
        'memory_mb_used': fields.IntegerField(),
        'local_gb_used': fields.IntegerField(),
        'reserved_host_memory_mb': fields.IntegerField(),
        'reserved_host_disk_mb': fields.IntegerField(),
        'reserved_host_cpus': fields.IntegerField(),
        'cpu_allocation_ratio': fields.FloatField(),
        'ram_allocation_ratio': fields.FloatField(),
        'disk_allocation_ratio': fields.FloatField(),
        'disk_available_least': fields.IntegerField(nullable=True),
    })

    @property
    def free_ram_mb(self):
        return self.memory_mb - self.memory_mb_used

    @property
    def free_disk_gb(self):
        return self.local_gb - self.local_gb_used

    @base.remotable
    def create(self):
        row = base.db().compute_node_create(self._context,
                                            self.obj_get_changes())
        self._from_db_object(self._context, self, dict(
            row, deleted=bool(row['deleted'])))

    @base.remotable
    def save(self):
        values = self.obj_get_changes()
        values.pop('id', None)
        if values:
            row = base.db().compute_node_update(self._context, self.id,
                                                values)
            self._from_db_object(self._context, self, dict(
                row, deleted=bool(row['deleted'])))

    @classmethod
    @base.remotable
    def get_by_id(cls, context, node_id):
        return _from_row(context, base.db().compute_node_get(context,
                                                             node_id))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, node_uuid):
        return _from_row(context, base.db().compute_node_get_by_uuid(
            context, node_uuid))

    @classmethod
    @base.remotable
    def get_by_host_and_nodename(cls, context, host, nodename):
        return _from_row(context, base.db().compute_node_get_by_host_and_nodename(
            context, host, nodename))


@base.NovaLiteObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    # 1.1: get_changed_since
    VERSION = '1.1'

    fields = {'objects': fields.ListOfObjectsField('ComputeNode')}

    @classmethod
    @base.remotable
    def get_all(cls, context):
        rows = base.db().compute_node_get_all(context)
        return cls(context, objects=[_from_row(context, r) for r in rows])

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host):
        rows = base.db().compute_node_get_all(context, host=host)
        return cls(context, objects=[_from_row(context, r) for r in rows])

    @classmethod
    @base.remotable
    def get_changed_since(cls, context, since):
        """The nodes created or updated at or after `since` (an ISO 8601
        UTC time, as it travels over RPC): what the scheduler's host-state
        cache re-reads."""
        if isinstance(since, str):
            since = timeutils.parse_isotime(since)
        rows = base.db().compute_node_get_all(
            context, changed_since=timeutils.normalize_time(since))
        return cls(context, objects=[_from_row(context, r) for r in rows])
