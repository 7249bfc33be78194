"""Server snapshots and backups in the compute API (createImage,
createBackup). The image record is created here, queued, before the
compute host (manager.SnapshotManager) is asked to fill it, so the REST
layer can answer with its id at once, as Nova does.

``create_image(context, instance, name, image_type,
extra_properties=None) -> dict`` (shelve uses it too) creates the queued
image record of a snapshot of `instance` (image_type 'snapshot', 'backup'
or 'shelved'...) with Nova's metadata: the inheritable properties, min_ram
and min_disk of the image the server was booted from, plus instance_uuid,
user_id, image_type and base_image_ref, then `extra_properties` on top.
Private to the server's project; an admin's snapshot of another project's
server is "shared" with that project (instance_owner). Returns the image
dict (Glance v2 shape, flat).
"""
from oslo_log import log as logging

from nova_lite.compute import guards
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception

LOG = logging.getLogger(__name__)

SNAPSHOT_VM_STATES = [vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                      vm_states.SUSPENDED]
BACKUP_VM_STATES = [vm_states.ACTIVE, vm_states.STOPPED]

# Base image properties a snapshot does not inherit (Nova's list plus the
# default of its [DEFAULT] non_inheritable_image_properties).
NON_INHERITABLE_IMAGE_PROPERTIES = frozenset((
    'cinder_encryption_key_id', 'cinder_encryption_key_deletion_policy',
    'img_signature', 'img_signature_hash_method', 'img_signature_key_type',
    'img_signature_certificate_uuid', 'cache_in_nova', 'bittorrent',
    # block device mappings of the base image, never copied (Nova's
    # SM_SKIP_KEYS)
    'mappings', 'block_device_mapping', 'img_mappings',
    'img_block_device_mapping',
    # Glance-managed attributes that may show up beside the properties
    'stores', 'locations', 'direct_url', 'members',
))
NON_INHERITABLE_NAMESPACES = ('os_glance',)
# Core image fields, never properties.
_CORE_FIELDS = frozenset((
    'id', 'name', 'status', 'visibility', 'protected', 'os_hidden',
    'owner', 'disk_format', 'container_format', 'size', 'virtual_size',
    'checksum', 'os_hash_algo', 'os_hash_value', 'min_ram', 'min_disk',
    'created_at', 'updated_at', 'tags', 'properties', 'self', 'file',
    'schema'))


def _inheritable(key):
    return key not in NON_INHERITABLE_IMAGE_PROPERTIES and \
        not key.startswith(NON_INHERITABLE_NAMESPACES)


class SnapshotAPI(object):
    """compute_rpcapi: the compute RPC client; image_api: images."""

    def __init__(self, compute_rpcapi, image_api):
        self.compute_rpcapi = compute_rpcapi
        self.image_api = image_api

    def _base_image(self, context, instance):
        """The image the server was booted from, or {} when it is gone or
        not visible any more (the snapshot then inherits nothing)."""
        if not instance.image_ref:
            return {}
        try:
            return self.image_api.get(context, instance.image_ref)
        except exception.NotFound:
            return {}
        except exception.NovaLiteException as exc:
            LOG.warning('Base image %s of %s unavailable for the snapshot '
                        'metadata: %s', instance.image_ref, instance.uuid,
                        exc)
            return {}

    def snapshot_image_meta(self, context, instance, name, properties):
        """The metadata of a snapshot image of `instance` (see the module
        docstring), `properties` on top of the inherited ones."""
        base = self._base_image(context, instance)
        inherited = {key: value for key, value in base.items()
                     if key not in _CORE_FIELDS and _inheritable(key)}
        inherited.update((key, value) for key, value in
                         (base.get('properties') or {}).items()
                         if _inheritable(key))
        inherited.setdefault('base_image_ref', instance.image_ref)
        root_gb = instance.flavor.root_gb if instance.flavor else 0
        meta = {
            'name': name,
            'min_ram': int(base.get('min_ram') or 0),
            'min_disk': max(int(base.get('min_disk') or 0), root_gb or 0),
        }
        for key in ('disk_format', 'container_format'):
            if base.get(key):
                meta[key] = base[key]
        if context.project_id != instance.project_id:
            # The server's project must reach the image: Glance shares it.
            meta['visibility'] = 'shared'
            properties['instance_owner'] = instance.project_id
        else:
            meta['visibility'] = 'private'
        inherited.update(properties)
        meta['properties'] = {key: value for key, value in inherited.items()
                              if value is not None}
        return meta

    def create_image(self, context, instance, name, image_type,
                     extra_properties=None):
        """Create the queued image record of a snapshot; see the module
        docstring. Returns the image dict."""
        properties = {'instance_uuid': instance.uuid,
                      'user_id': str(context.user_id),
                      'image_type': image_type}
        properties.update(extra_properties or {})
        meta = self.snapshot_image_meta(context, instance, name, properties)
        if image_type == 'snapshot':
            # The driver sets the formats it uploads in (they may differ
            # from the base image's).
            meta.pop('disk_format', None)
            meta.pop('container_format', None)
        image = self.image_api.create(context, meta)
        LOG.info('Image %s (%s) created for instance %s (request %s)',
                 image['id'], image_type, instance.uuid, context.request_id)
        return image

    def _start_image_task(self, context, instance, image, task_state,
                          action):
        """Move the server to `task_state`; if it went away meanwhile,
        delete the queued image and refuse (409) as Nova does."""
        try:
            instance.task_state = task_state
            instance.save(expected_task_state=[None])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as exc:
            self._delete_queued_image(context, image['id'])
            if isinstance(exc, exception.InstanceNotFound):
                attr, state = 'vm_state', vm_states.DELETED
            else:
                attr = 'task_state'
                state = (exc.kwargs.get('actual') or {}).get('task_state')
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid, attr=attr,
                state=state)
        compute_utils.start_action(context, instance, action)

    def _delete_queued_image(self, context, image_id):
        try:
            self.image_api.delete(context, image_id)
        except exception.ImageNotFound:
            pass
        except Exception:
            LOG.exception('Could not delete image %s', image_id)

    @guards.check_instance_state(vm_state=SNAPSHOT_VM_STATES)
    @guards.check_instance_host
    def snapshot(self, context, instance, name, extra_properties=None):
        """createImage: the queued image dict; the compute host uploads
        the server's disk into it."""
        image = self.create_image(context, instance, name, 'snapshot',
                                   extra_properties=extra_properties)
        self._start_image_task(context, instance, image,
                               task_states.IMAGE_SNAPSHOT_PENDING,
                               'createImage')
        LOG.info('Instance %s image_snapshot_pending into image %s '
                 '(request %s)', instance.uuid, image['id'],
                 context.request_id)
        self.compute_rpcapi.snapshot_instance(context, instance, image['id'])
        return image

    @guards.check_instance_state(vm_state=BACKUP_VM_STATES)
    @guards.check_instance_host
    def backup(self, context, instance, name, backup_type, rotation,
               extra_properties=None):
        """createBackup: like snapshot, then the compute host keeps only
        the newest `rotation` backups of this server and backup_type."""
        properties = dict(extra_properties or {}, backup_type=backup_type)
        image = self.create_image(context, instance, name, 'backup',
                                   extra_properties=properties)
        self._start_image_task(context, instance, image,
                               task_states.IMAGE_BACKUP, 'createBackup')
        LOG.info('Instance %s image_backup into image %s, rotation %d '
                 '(request %s)', instance.uuid, image['id'], rotation,
                 context.request_id)
        self.compute_rpcapi.backup_instance(context, instance, image['id'],
                                            backup_type, rotation)
        return image
