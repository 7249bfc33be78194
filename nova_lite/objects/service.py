from nova_lite.objects import base
from nova_lite.objects import fields

# Bumped when a service's RPC behaviour changes, so a newer conductor can
# tell what an older compute understands. Each service writes it into its
# record at start-up; [upgrade_levels] <service> = auto caps the RPC
# client of a service at what the oldest running one serves.
SERVICE_VERSION = 9

# The RPC API versions a service of each version serves, one entry per
# SERVICE_VERSION (the index). Append an entry with every bump.
SERVICE_VERSION_HISTORY = (
    # Version 0: a record without a version; nova_lite never wrote one,
    # read as version 1.
    {'compute_rpc': '1.0', 'conductor_rpc': '1.3', 'scheduler_rpc': '1.0'},
    # Version 1: commit 05063be ("aspen"), the first release with service
    # versions.
    {'compute_rpc': '1.0', 'conductor_rpc': '1.3', 'scheduler_rpc': '1.0'},
    # Version 2 ("birch"): build_and_run_instance (compute 1.1),
    # build_instances (conductor 1.4) and select_destinations (scheduler
    # 1.1) take a RequestSpec object.
    {'compute_rpc': '1.1', 'conductor_rpc': '1.4', 'scheduler_rpc': '1.1'},
    # Version 3: guest networking: attach_interface, detach_interface
    # (compute 1.2).
    {'compute_rpc': '1.2', 'conductor_rpc': '1.4', 'scheduler_rpc': '1.1'},
    # Version 4: volumes: reserve_block_device_name, attach_volume,
    # detach_volume, swap_volume (compute 1.3).
    {'compute_rpc': '1.3', 'conductor_rpc': '1.4', 'scheduler_rpc': '1.1'},
    # Version 5: reschedule_build (conductor 1.5): a compute gives back
    # builds it never started.
    {'compute_rpc': '1.3', 'conductor_rpc': '1.5', 'scheduler_rpc': '1.1'},
    # Version 6: abandon_builds (conductor 1.6): the API's undo of a create
    # that failed half-way holds whatever order its messages run in.
    {'compute_rpc': '1.3', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.1'},
    # Version 7: the host itself (os-hosts): set_host_enabled,
    # host_maintenance_mode, host_power_action (compute 1.4).
    {'compute_rpc': '1.4', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.1'},
    # Version 8: volume_snapshot_create, volume_snapshot_delete (compute
    # 1.5): Cinder's assisted snapshots of attached volumes.
    {'compute_rpc': '1.5', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.1'},
    # Version 9: refresh_nodes (scheduler 1.2): the conductor names the
    # nodes a claim failed on, for the schedulers' host-state caches.
    {'compute_rpc': '1.5', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.2'},
)

# Release names an operator may give in [upgrade_levels]: the service
# version of each release.
RELEASES = {'aspen': 1, 'birch': 2}

# The key of SERVICE_VERSION_HISTORY entries for each service binary.
RPC_KEYS = {'nova-compute': 'compute_rpc',
            'nova-conductor': 'conductor_rpc',
            'nova-scheduler': 'scheduler_rpc'}


def rpc_versions_of(service_version):
    """The SERVICE_VERSION_HISTORY entry of a service version; a version
    newer than this release knows is served as this release's newest."""
    version = min(max(service_version, 0), len(SERVICE_VERSION_HISTORY) - 1)
    return SERVICE_VERSION_HISTORY[version]


def _from_row(context, row):
    return Service._from_db_object(context, Service(), row)


@base.NovaLiteObjectRegistry.register
class Service(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    # 1.1: get_minimum_version
    VERSION = '1.1'

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

    @classmethod
    @base.remotable
    def get_minimum_version(cls, context, binary):
        """The lowest version among the services of `binary` that are
        neither deleted nor forced down; None without any."""
        return base.db().service_get_minimum_version(context, binary)


@base.NovaLiteObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial (Service 1.0)
    # 1.1: Service 1.1
    VERSION = '1.1'

    fields = {'objects': fields.ListOfObjectsField('Service')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None):
        rows = base.db().service_get_all(context, filters)
        return cls(context, objects=[_from_row(context, r) for r in rows])
