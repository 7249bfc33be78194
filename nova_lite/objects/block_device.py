"""BlockDeviceMapping: one disk of an instance, as Nova records it.

Every server has its root mapping (source image, destination local, boot
index 0, created with the instance); a volume attached to it, or booted
from, has a mapping with destination volume, its Cinder volume and
attachment ids and the connection info the compute connected it with.
"""
from oslo_serialization import jsonutils

from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

# Columns that are never written from the object's changes.
_NOT_WRITTEN = ('id', 'deleted', 'deleted_at', 'created_at', 'updated_at')


def _decode(row):
    row = dict(row)
    row['deleted'] = bool(row.get('deleted'))
    row['delete_on_termination'] = bool(row.get('delete_on_termination'))
    row['no_device'] = bool(row.get('no_device'))
    return row


def values_for_db(bdm):
    """The object's changed fields as column values."""
    return {name: value for name, value in bdm.obj_get_changes().items()
            if name not in _NOT_WRITTEN}


# The guest's name of the first disk on each bus (nova_lite's drivers
# put the root disk first).
_ROOT_DEVICE_BY_BUS = {'virtio': '/dev/vda', 'scsi': '/dev/sda',
                       'sata': '/dev/sda', 'usb': '/dev/sda',
                       'ide': '/dev/hda'}


def root_device_for_bus(disk_bus=None):
    """The device name of a root disk on `disk_bus` (virtio: /dev/vda)."""
    return _ROOT_DEVICE_BY_BUS.get(disk_bus or 'virtio')


def image_root_values(instance_uuid, image_ref, disk_bus=None):
    """The root mapping of a server booted from an image (Nova's
    create_image_bdm): the image copied to a local disk, boot index 0,
    deleted with the server, named after its bus (the image's
    hw_disk_bus, virtio by default)."""
    return {'instance_uuid': instance_uuid,
            'device_name': root_device_for_bus(disk_bus),
            'source_type': fields.BlockDeviceSourceType.IMAGE,
            'destination_type': fields.BlockDeviceDestinationType.LOCAL,
            'device_type': fields.BlockDeviceType.DISK,
            'image_id': image_ref, 'boot_index': 0,
            'delete_on_termination': True, 'no_device': False}


@base.NovaLiteObjectRegistry.register
class BlockDeviceMapping(base.NovaLiteObject, base.NovaLiteObjectDictCompat):
    # 1.0: initial
    VERSION = '1.0'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'instance_uuid': fields.UUIDField(),
        'source_type': fields.BlockDeviceSourceTypeField(nullable=True),
        'destination_type': fields.BlockDeviceDestinationTypeField(
            nullable=True),
        'guest_format': fields.StringField(nullable=True),
        'device_type': fields.BlockDeviceTypeField(nullable=True),
        'disk_bus': fields.StringField(nullable=True),
        'boot_index': fields.IntegerField(nullable=True),
        'device_name': fields.StringField(nullable=True),
        'delete_on_termination': fields.BooleanField(default=False),
        'snapshot_id': fields.StringField(nullable=True),
        'volume_id': fields.StringField(nullable=True),
        'volume_size': fields.IntegerField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'no_device': fields.BooleanField(default=False),
        # JSON text: {driver_volume_type, data, ...} once connected.
        'connection_info': fields.SensitiveStringField(nullable=True),
        'tag': fields.StringField(nullable=True),
        'attachment_id': fields.UUIDField(nullable=True),
        # A volume type name or id (boot from volume).
        'volume_type': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, bdm, row, skip=()):
        return base.NovaLiteObject._from_db_object(context, bdm,
                                                   _decode(row), skip)

    # -- remotable operations ----------------------------------------------

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.NovaLiteException(
                'Block device mapping already created')
        row = base.db().block_device_mapping_create(self._context,
                                                    values_for_db(self))
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        values = values_for_db(self)
        if not values:
            self.obj_reset_changes()
            return
        row = base.db().block_device_mapping_update(self._context, self.id,
                                                    values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        if not self.obj_attr_is_set('id'):
            raise exception.NovaLiteException(
                'Block device mapping already destroyed')
        base.db().block_device_mapping_destroy(self._context, self.id)
        delattr(self, '_obj_id')

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid):
        row = base.db().block_device_mapping_get_by_uuid(context, uuid)
        return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_volume(cls, context, volume_id):
        """The one mapping of a volume; a multiattach volume attached to
        several servers has no single one (VolumeBDMIsMultiAttach)."""
        rows = base.db().block_device_mapping_get_all_by_volume_id(
            context, volume_id)
        if not rows:
            raise exception.VolumeBDMNotFound(volume_id=volume_id)
        if len(rows) > 1:
            raise exception.VolumeBDMIsMultiAttach(volume_id=volume_id)
        return cls._from_db_object(context, cls(), rows[0])

    @classmethod
    @base.remotable
    def get_by_volume_and_instance(cls, context, volume_id, instance_uuid):
        rows = base.db().block_device_mapping_get_all_by_volume_id(
            context, volume_id, instance_uuid=instance_uuid)
        if not rows:
            raise exception.VolumeBDMNotFound(volume_id=volume_id)
        return cls._from_db_object(context, cls(), rows[0])

    # -- what a mapping is -------------------------------------------------

    @property
    def is_root(self):
        return self.boot_index == 0

    @property
    def is_volume(self):
        return (self.destination_type ==
                fields.BlockDeviceDestinationType.VOLUME)

    @property
    def is_local(self):
        return (self.destination_type ==
                fields.BlockDeviceDestinationType.LOCAL)

    @property
    def is_image(self):
        return self.source_type == fields.BlockDeviceSourceType.IMAGE

    @property
    def is_multiattach(self):
        """Whether the attached volume is multiattach (its connection
        info says so once connected)."""
        if not self.is_volume or not self.obj_attr_is_set(
                'connection_info') or not self.connection_info:
            return False
        return bool(jsonutils.loads(self.connection_info).get(
            'multiattach', False))

    def get_connection_info(self):
        """The connection info as a dict ({} before the volume is
        connected)."""
        if not self.obj_attr_is_set('connection_info') or \
                not self.connection_info:
            return {}
        return jsonutils.loads(self.connection_info)

    def set_connection_info(self, connection_info):
        self.connection_info = (jsonutils.dumps(connection_info)
                                if connection_info else None)


@base.NovaLiteObjectRegistry.register
class BlockDeviceMappingList(base.ObjectListBase, base.NovaLiteObject):
    # 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('BlockDeviceMapping')}

    @classmethod
    def _from_rows(cls, context, rows):
        return cls(context, objects=[
            BlockDeviceMapping._from_db_object(context, BlockDeviceMapping(),
                                               row) for row in rows])

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        return cls._from_rows(context, base.db(
        ).block_device_mapping_get_all_by_instance(context, instance_uuid))

    @classmethod
    @base.remotable
    def get_by_instance_uuids(cls, context, instance_uuids):
        """The mappings of several instances (server lists): group them
        with bdms_by_instance_uuid()."""
        by_uuid = base.db().block_device_mapping_get_all_by_instance_uuids(
            context, list(instance_uuids))
        return cls._from_rows(context, [row for rows in by_uuid.values()
                                        for row in rows])

    def bdms_by_instance_uuid(self):
        result = {}
        for bdm in self.objects:
            result.setdefault(bdm.instance_uuid, []).append(bdm)
        return result

    def root_bdm(self):
        """The boot disk's mapping, or None."""
        for bdm in self.objects:
            if bdm.is_root:
                return bdm
        return None

    def volumes(self):
        """The mappings of volumes, in creation order."""
        return [bdm for bdm in self.objects if bdm.is_volume]
