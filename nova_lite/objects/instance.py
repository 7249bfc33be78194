from oslo_serialization import jsonutils
from oslo_utils import uuidutils
from oslo_utils import versionutils

from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import block_device
from nova_lite.objects import fields
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance_fault

# Stored as JSON in the instances.extra column: values Nova keeps in side
# tables but nova_lite never needs to query by.
_EXTRA_FIELDS = ('locked_reason', 'scheduler_hints',
                 'pinned_availability_zone', 'hidden',
                 'old_flavor', 'new_flavor')
# Flavors kept while a resize or cold migration is unfinished (stored as
# object primitives in `extra`).
_EXTRA_FLAVOR_FIELDS = ('old_flavor', 'new_flavor')
_JSON_FIELDS = ('metadata', 'system_metadata')
_NOT_COLUMNS = ('fault',) + _EXTRA_FIELDS


@base.NovaLiteObjectRegistry.register
class Instance(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    # 1.1: tags (names, loaded with expected_attrs=['tags'])
    # 1.2: old_flavor, new_flavor (while a resize/migration is unfinished)
    # 1.3: save_task_state_steps
    # 1.4: compute_id (the id of the ComputeNode the instance is on)
    # 1.5: create() takes block_device_mappings (made with the instance)
    VERSION = '1.5'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'compute_id': fields.IntegerField(nullable=True),
        'launched_on': fields.StringField(nullable=True),
        'instance_type_id': fields.IntegerField(nullable=True),
        'flavor': fields.ObjectField('Flavor', nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'key_data': fields.StringField(nullable=True),
        'user_data': fields.StringField(nullable=True),
        'metadata': fields.DictOfStringsField(),
        'system_metadata': fields.DictOfNullableStringsField(),
        'availability_zone': fields.StringField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'locked_by': fields.StringField(nullable=True),
        'locked_reason': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'config_drive': fields.StringField(nullable=True),
        'access_ip_v4': fields.StringField(nullable=True),
        'access_ip_v6': fields.StringField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'scheduler_hints': fields.DictOfNullableStringsField(nullable=True),
        'pinned_availability_zone': fields.StringField(nullable=True),
        'hidden': fields.BooleanField(default=False),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        'tags': fields.ListOfStringsField(nullable=True),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
    })

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        target = versionutils.convert_version_to_tuple(target_version)
        if target < (1, 4):
            primitive.pop('compute_id', None)
        if target < (1, 2):
            primitive.pop('old_flavor', None)
            primitive.pop('new_flavor', None)
        if target < (1, 1):
            primitive.pop('tags', None)

    # -- conversion between DB rows and objects (conductor side) -----------

    @staticmethod
    def _from_db_object(context, instance, row, skip=(), fault=None):
        row = dict(row)
        row['deleted'] = bool(row.get('deleted'))
        for name in _JSON_FIELDS:
            row[name] = jsonutils.loads(row.get(name) or '{}')
        extra = jsonutils.loads(row.pop('extra', None) or '{}')
        for name in _EXTRA_FIELDS:
            row[name] = extra.get(name, Instance.fields[name].default
                                  if Instance.fields[name].default
                                  is not fields.fields.UnspecifiedDefault
                                  else None)
        for name in _EXTRA_FLAVOR_FIELDS:
            if row[name]:
                row[name] = flavor_obj.Flavor.obj_from_primitive(row[name])
        flavor_json = row.pop('flavor', None)
        if flavor_json:
            row['flavor'] = flavor_obj.Flavor.obj_from_primitive(
                jsonutils.loads(flavor_json))
        else:
            row['flavor'] = None
        row['fault'] = fault
        return base.NovaLiteObject._from_db_object(context, instance, row,
                                                   skip)

    def _values_for_db(self, changes):
        values = {}
        extra_changed = False
        for name, value in changes.items():
            if name in _EXTRA_FIELDS:
                extra_changed = True
            elif name in _JSON_FIELDS:
                values[name] = jsonutils.dumps(value or {})
            elif name == 'flavor':
                values[name] = (jsonutils.dumps(value.obj_to_primitive())
                                if value is not None else None)
            elif name in ('fault', 'tags', 'id', 'deleted', 'deleted_at'):
                continue
            else:
                values[name] = value
        if extra_changed:
            values['extra'] = jsonutils.dumps({
                name: _extra_value(getattr(self, name))
                for name in _EXTRA_FIELDS if self.obj_attr_is_set(name)})
        return values

    # -- remotable operations ----------------------------------------------

    @base.remotable
    def create(self, block_device_mappings=None):
        """Create the instance and its block device mappings in one
        transaction: the BlockDeviceMappingList given (its instance_uuid
        is filled in), or else the root mapping of its image, as Nova
        records for every server. Read them back with
        BlockDeviceMappingList.get_by_instance_uuid."""
        if self.obj_attr_is_set('id'):
            raise exception.NovaLiteException('Instance already created')
        for name in _JSON_FIELDS:
            if not self.obj_attr_is_set(name):
                setattr(self, name, {})
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        values = self._values_for_db(self.obj_get_changes())
        bdm_values = _bdm_values_for(self, block_device_mappings)
        with base.db().writer(self._context):
            row = base.db().instance_create(self._context, values)
            base.db().block_device_mapping_create_all(self._context,
                                                      bdm_values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self, expected_task_state=None, expected_vm_state=None):
        changes = self.obj_get_changes()
        values = self._values_for_db(changes)
        if not values:
            self.obj_reset_changes()
            return
        from nova_lite import notifications
        notify = (('vm_state' in values or 'task_state' in values) and
                  notifications.state_change_notifications_enabled())
        result = base.db().instance_update(
            self._context, self.uuid, values,
            expected_task_state=expected_task_state,
            expected_vm_state=expected_vm_state, with_original=notify)
        _old, row = result if notify else ({}, result)
        fault = self.fault if self.obj_attr_is_set('fault') else None
        self._from_db_object(self._context, self, row, fault=fault)
        if notify:
            # instance.update, if [notifications] notify_on_state_change.
            notifications.send_update(
                self._context, self, _old.get('vm_state'),
                _old.get('task_state'),
                old_display_name=_old.get('display_name'))

    @base.remotable
    def save_task_state_steps(self, steps):
        """Save each (expected, new) task_state step in turn, as that many
        save(expected_task_state=expected) would: each its own
        compare-and-swap update (and instance.update notification), but
        one conductor round trip for consecutive steps like a build's."""
        for expected, new in steps:
            self.task_state = new
            self.save(expected_task_state=expected)

    def take_build(self):
        """Conductor only (no RPC): take this instance's build if it still
        waits for a host and nobody updated it since this object was read
        (db instance_take_build); True if taken."""
        taken = base.db().instance_take_build(
            self._context, self.uuid,
            self.updated_at if self.obj_attr_is_set('updated_at') else None)
        if taken:
            self.refresh()
        return taken

    @base.remotable
    def destroy(self):
        row = base.db().instance_destroy(self._context, self.uuid)
        # A deleted server leaves its server group.
        base.db().instance_group_member_delete_by_instance(self._context,
                                                           self.uuid)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def refresh(self):
        current = self.__class__.get_by_uuid(self._context, self.uuid)
        for name in self.fields:
            if current.obj_attr_is_set(name):
                setattr(self, name, getattr(current, name))
        self.obj_reset_changes()

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid, expected_attrs=None):
        with base.db().reader(context):
            row = base.db().instance_get_by_uuid(context, uuid)
            fault = None
            if expected_attrs and 'fault' in expected_attrs:
                fault = _latest_faults(context, [uuid]).get(uuid)
            tags = None
            if expected_attrs and 'tags' in expected_attrs:
                tags = base.db().instance_tag_get_by_instance_uuid(context,
                                                                   uuid)
        instance = cls._from_db_object(context, cls(), row, fault=fault)
        if tags is not None:
            instance.tags = tags
            instance.obj_reset_changes(['tags'])
        return instance

    def obj_load_attr(self, attrname):
        if attrname == 'fault':
            self.fault = _latest_faults(self._context, [self.uuid]).get(
                self.uuid) if self._context else None
            self.obj_reset_changes(['fault'])
            return
        if attrname == 'tags':
            from nova_lite import objects
            self.tags = objects.TagList.get_by_instance_uuid(
                self._context, self.uuid).names()
            self.obj_reset_changes(['tags'])
            return
        raise exception.NovaLiteException(
            'Cannot load %s of an instance' % attrname)


def _bdm_values_for(instance, block_device_mappings):
    """Column values of the mappings an instance is created with."""
    if block_device_mappings is None:
        if not (instance.obj_attr_is_set('image_ref') and
                instance.image_ref):
            return []
        sysmeta = (instance.system_metadata
                   if instance.obj_attr_is_set('system_metadata') else {})
        return [block_device.image_root_values(
            instance.uuid, instance.image_ref,
            disk_bus=(sysmeta or {}).get('image_hw_disk_bus'))]
    values = []
    for bdm in block_device_mappings:
        bdm.instance_uuid = instance.uuid
        values.append(block_device.values_for_db(bdm))
    return values


def _extra_value(value):
    if isinstance(value, base.NovaLiteObject):
        return value.obj_to_primitive()
    return value


def _latest_faults(context, uuids):
    faults = instance_fault.InstanceFaultList.get_latest_by_instance_uuids(
        context, uuids)
    return {f.instance_uuid: f for f in faults}


@base.NovaLiteObjectRegistry.register
class InstanceList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial (Instance 1.3)
    # 1.1: Instance 1.4
    # 1.2: Instance 1.5
    VERSION = '1.2'

    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters, sort_keys=None, sort_dirs=None,
                       limit=None, marker=None, expected_attrs=None):
        by_uuid = tags = None
        with base.db().reader(context):
            rows = base.db().instance_get_all_by_filters(
                context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
                limit=limit, marker=marker)
            if expected_attrs and 'fault' in expected_attrs and rows:
                by_uuid = base.db().instance_fault_get_by_instance_uuids(
                    context, [r['uuid'] for r in rows], latest=True)
            if expected_attrs and 'tags' in expected_attrs and rows:
                tags = base.db().instance_tag_get_by_instance_uuids(
                    context, [r['uuid'] for r in rows])
        faults = {
            uuid: instance_fault.InstanceFault._from_db_object(
                context, instance_fault.InstanceFault(), f[0])
            for uuid, f in (by_uuid or {}).items()}
        instances = [Instance._from_db_object(context, Instance(), r,
                                              fault=faults.get(r['uuid']))
                     for r in rows]
        if tags is not None:
            for instance in instances:
                instance.tags = tags.get(instance.uuid, [])
                instance.obj_reset_changes(['tags'])
        return cls(context, objects=instances)

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host):
        return cls.get_by_filters(context, {'host': host}, limit=None)

    @classmethod
    def get_unplaced_builds(cls, context, older_than):
        """Conductor only (no RPC): builds in scheduling with no host not
        updated since `older_than` (db instance_get_unplaced_builds)."""
        rows = base.db().instance_get_unplaced_builds(context, older_than)
        return cls(context, objects=[
            Instance._from_db_object(context, Instance(), row)
            for row in rows])
