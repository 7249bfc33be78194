"""What the REST layer calls to act on servers.

Reads go through versioned objects (to the conductor) here. Each state
change belongs to the API side of its feature (nova_lite.compute.<feature>
.api): checked there against the states Nova allows, recorded in the
instance action log, and cast to the conductor (builds, moves, unshelve)
or to the instance's compute host. This class is the one surface the
controllers see: one delegating method per action.
"""
import functools

from oslo_utils import uuidutils

from nova_lite.compute.actions import api as actions_api
from nova_lite.compute.assisted_snapshots import api as assisted_api
from nova_lite.compute.boot_from_volume import image_operations as \
    bfv_images
from nova_lite.compute.boot_from_volume import volume_api as bfv_volume_api
from nova_lite.compute.build import api as build_api
from nova_lite.compute.delete import api as delete_api
from nova_lite.compute.interfaces import api as interfaces_api
from nova_lite.compute.rebuild import api as rebuild_api
from nova_lite.compute.resize import api as resize_api
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import server_groups
from nova_lite.compute.shelve import api as shelve_api
from nova_lite.compute.snapshot import api as snapshot_api
from nova_lite.compute.volumes import api as volumes_api
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

cached = functools.cached_property


class API(object):
    """The RPC clients and the image API are made on first use unless
    given (the REST layer makes this object before RPC is set up)."""

    def __init__(self, conductor=None, compute_rpcapi=None, image_api=None):
        self._conductor = conductor
        self._compute_rpcapi = compute_rpcapi
        self._image_api = image_api

    @property
    def conductor(self):
        if self._conductor is None:
            self._conductor = conductor_rpcapi.ConductorAPI()
        return self._conductor

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            self._compute_rpcapi = compute_rpcapi.ComputeAPI()
        return self._compute_rpcapi

    @property
    def image_api(self):
        if self._image_api is None:
            from nova_lite.image import api as image_api
            self._image_api = image_api.API()
        return self._image_api

    # -- the features (each made on first use) --------------------------------

    @cached
    def builds(self):
        return build_api.BuildAPI(self.conductor, self.image_api)

    @cached
    def actions(self):
        return actions_api.ServerActionsAPI(self.compute_rpcapi,
                                            self.image_api)

    @cached
    def deletes(self):
        # Bound late: a delete makes the other features (and their RPC
        # clients) only when it needs them.
        return delete_api.DeleteAPI(
            self.compute_rpcapi,
            lambda ctx, inst: self.moves.confirm_resize_on_deleting(ctx,
                                                                    inst),
            lambda ctx, inst: self.shelving.delete_shelved_image(ctx, inst))

    @cached
    def interfaces(self):
        return interfaces_api.InterfacesAPI(self.compute_rpcapi)

    @cached
    def volumes(self):
        return volumes_api.VolumesAPI(self.compute_rpcapi)

    @cached
    def assisted_snapshots(self):
        return assisted_api.AssistedSnapshotsAPI(self.compute_rpcapi)

    @cached
    def moves(self):
        return resize_api.ResizeAPI(self.conductor, self.compute_rpcapi)

    @cached
    def rebuilds(self):
        return rebuild_api.RebuildAPI(self.compute_rpcapi, self.image_api)

    @cached
    def shelving(self):
        return shelve_api.ShelveAPI(self.conductor, self.compute_rpcapi,
                                    self.image_api,
                                    self.snapshots.create_image)

    @cached
    def snapshots(self):
        return snapshot_api.SnapshotAPI(self.compute_rpcapi, self.image_api)

    @cached
    def volume_snapshots(self):
        return bfv_images.VolumeSnapshotAPI(
            self.snapshots.snapshot_image_meta, self.image_api,
            bfv_volume_api.LazyVolumeAPI())

    # -- reads ----------------------------------------------------------------

    def get(self, context, instance_id, expected_attrs=None):
        if not uuidutils.is_uuid_like(instance_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        instance = objects.Instance.get_by_uuid(
            context, instance_id, expected_attrs=expected_attrs or ['fault'])
        if not context.is_admin and instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        return instance

    def get_maybe_deleted(self, context, instance_id, expected_attrs=None):
        """A server, deleted or not (os-instance-actions at 2.21)."""
        ctx = nl_context.RequestContext.from_dict(context.to_dict())
        ctx.read_deleted = 'yes'
        instance = self.get(ctx, instance_id, expected_attrs=expected_attrs)
        instance._context = context
        return instance

    def get_all(self, context, search_opts, limit=None, marker=None,
                sort_keys=None, sort_dirs=None):
        opts = dict(search_opts or {})
        filters = {}
        all_tenants = opts.pop('all_tenants', False)
        project_id = opts.pop('project_id', opts.pop('tenant_id', None))
        if not context.is_admin or not all_tenants:
            if project_id and context.is_admin:
                filters['project_id'] = project_id
            elif not (context.is_admin and all_tenants):
                filters['project_id'] = context.project_id
        elif project_id:
            filters['project_id'] = project_id
        if 'name' in opts:
            filters['display_name'] = opts.pop('name')
        if 'image' in opts:
            filters['image_ref'] = opts.pop('image')
        if 'flavor' in opts:
            flavor_id = opts.pop('flavor')
            try:
                flavor = objects.Flavor.get_by_flavor_id(context,
                                                         str(flavor_id))
            except exception.FlavorNotFound:
                return objects.InstanceList(context, objects=[])
            filters['instance_type_id'] = flavor.id
        for key in ('vm_state', 'task_state', 'host', 'node', 'uuid',
                    'reservation_id', 'locked', 'availability_zone',
                    'key_name', 'user_id', 'deleted', 'changes-since',
                    'changes-before', 'power_state', 'launch_index',
                    'tags', 'tags-any', 'not-tags', 'not-tags-any'):
            if key in opts:
                filters[key] = opts.pop(key)
        if filters.get('deleted') is True and context.is_admin:
            context = context.elevated()
            context.read_deleted = 'yes'
        ip, ip6 = opts.pop('ip', None), opts.pop('ip6', None)
        instances = objects.InstanceList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=None if (ip or ip6) else limit, marker=marker,
            expected_attrs=['fault', 'tags'])
        if ip or ip6:
            # As Nova: a regular expression over the cached addresses,
            # the limit applied after it.
            from nova_lite.network import info_cache as addresses
            instances = objects.InstanceList(
                context, objects=addresses.ip_filter(
                    context, list(instances), ip=ip, ip6=ip6, limit=limit))
        return instances

    def update(self, context, instance, **values):
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return instance

    def get_server_group_uuids(self, context, instance):
        """[uuid of the server's group] or [] (server bodies at 2.71)."""
        return server_groups.group_names_for(context, instance)

    # -- create (build) -------------------------------------------------------

    def create(self, context, flavor_id, image_href, name, description=None,
               min_count=1, max_count=1, key_name=None, user_data=None,
               metadata=None, availability_zone=None, hostname=None,
               scheduler_hints=None, config_drive=None, access_ip_v4=None,
               access_ip_v6=None, requested_networks=None, tags=None,
               security_groups=None, block_device_mapping=None,
               legacy_bdm=True, supports_multiattach=False):
        return self.builds.create(
            context, flavor_id, image_href, name, description=description,
            min_count=min_count, max_count=max_count, key_name=key_name,
            user_data=user_data, metadata=metadata,
            availability_zone=availability_zone, hostname=hostname,
            scheduler_hints=scheduler_hints, config_drive=config_drive,
            access_ip_v4=access_ip_v4, access_ip_v6=access_ip_v6,
            requested_networks=requested_networks, tags=tags,
            security_groups=security_groups,
            block_device_mapping=block_device_mapping, legacy_bdm=legacy_bdm,
            supports_multiattach=supports_multiattach)

    # -- delete ---------------------------------------------------------------

    def delete(self, context, instance):
        return self.deletes.delete(context, instance)

    def force_delete(self, context, instance):
        return self.deletes.force_delete(context, instance)

    def force_delete_checked(self, context, instance):
        return self.deletes.force_delete_checked(context, instance)

    def soft_delete_or_delete(self, context, instance):
        return self.deletes.soft_delete_or_delete(context, instance)

    def restore(self, context, instance):
        return self.deletes.restore(context, instance)

    # -- server actions -------------------------------------------------------

    def reboot(self, context, instance, reboot_type):
        return self.actions.reboot(context, instance, reboot_type)

    def stop(self, context, instance):
        return self.actions.stop(context, instance)

    def start(self, context, instance):
        return self.actions.start(context, instance)

    def pause(self, context, instance):
        return self.actions.pause(context, instance)

    def unpause(self, context, instance):
        return self.actions.unpause(context, instance)

    def suspend(self, context, instance):
        return self.actions.suspend(context, instance)

    def resume(self, context, instance):
        return self.actions.resume(context, instance)

    def get_console_output(self, context, instance, tail_length=None):
        return self.actions.get_console_output(context, instance,
                                               tail_length=tail_length)

    def get_vnc_console(self, context, instance, console_type):
        return self.actions.get_vnc_console(context, instance, console_type)

    def is_expected_locked_by(self, context, instance):
        return self.actions.is_expected_locked_by(context, instance)

    def lock(self, context, instance, reason=None):
        return self.actions.lock(context, instance, reason=reason)

    def unlock(self, context, instance):
        return self.actions.unlock(context, instance)

    def rescue(self, context, instance, rescue_password=None,
               rescue_image_ref=None):
        return self.actions.rescue(context, instance,
                                   rescue_password=rescue_password,
                                   rescue_image_ref=rescue_image_ref)

    def unrescue(self, context, instance):
        return self.actions.unrescue(context, instance)

    def reset_state(self, context, instance, vm_state):
        return self.actions.reset_state(context, instance, vm_state)

    def trigger_crash_dump(self, context, instance):
        return self.actions.trigger_crash_dump(context, instance)

    def update_instance_metadata(self, context, instance, metadata,
                                 delete=False):
        return self.actions.update_instance_metadata(context, instance,
                                                     metadata, delete=delete)

    def delete_instance_metadata(self, context, instance, key):
        return self.actions.delete_instance_metadata(context, instance, key)

    @staticmethod
    def get_password(instance):
        return actions_api.get_password(instance)

    def clear_password(self, context, instance):
        return self.actions.clear_password(context, instance)

    def get_diagnostics(self, context, instance):
        return self.actions.get_diagnostics(context, instance)

    def get_instance_diagnostics(self, context, instance):
        return self.actions.get_instance_diagnostics(context, instance)

    # -- resize and cold migration --------------------------------------------

    def resize(self, context, instance, flavor_id=None, host_name=None):
        return self.moves.resize(context, instance, flavor_id=flavor_id,
                                 host_name=host_name)

    def confirm_resize(self, context, instance, migration=None):
        return self.moves.confirm_resize(context, instance,
                                         migration=migration)

    def revert_resize(self, context, instance):
        return self.moves.revert_resize(context, instance)

    def confirm_resize_on_deleting(self, context, instance):
        return self.moves.confirm_resize_on_deleting(context, instance)

    def get_migrations(self, context, filters, sort_keys=None,
                       sort_dirs=None, limit=None, marker=None):
        return self.moves.get_migrations(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=limit, marker=marker)

    def get_migrations_in_progress_by_instance(self, context, instance_uuid,
                                               migration_type=None):
        return self.moves.get_migrations_in_progress_by_instance(
            context, instance_uuid, migration_type=migration_type)

    def get_migration_by_id_and_instance(self, context, migration_id,
                                         instance_uuid):
        return self.moves.get_migration_by_id_and_instance(
            context, migration_id, instance_uuid)

    # -- rebuild and external events ------------------------------------------

    def rebuild(self, context, instance, image_href, admin_password,
                preserve_ephemeral=False, **values):
        return self.rebuilds.rebuild(context, instance, image_href,
                                     admin_password,
                                     preserve_ephemeral=preserve_ephemeral,
                                     **values)

    def external_instance_event(self, context, instances, events):
        return self.rebuilds.external_instance_event(context, instances,
                                                     events)

    # -- shelve ---------------------------------------------------------------

    def shelve(self, context, instance, clean_shutdown=True):
        return self.shelving.shelve(context, instance,
                                    clean_shutdown=clean_shutdown)

    def shelve_offload(self, context, instance, clean_shutdown=True):
        return self.shelving.shelve_offload(context, instance,
                                            clean_shutdown=clean_shutdown)

    def unshelve(self, context, instance, new_az=shelve_api.KEEP_AZ,
                 host=None):
        return self.shelving.unshelve(context, instance, new_az=new_az,
                                      host=host)

    def delete_shelved_image(self, context, instance):
        return self.shelving.delete_shelved_image(context, instance)

    # -- snapshots ------------------------------------------------------------

    def snapshot(self, context, instance, name, extra_properties=None):
        return self.snapshots.snapshot(context, instance, name,
                                       extra_properties=extra_properties)

    def snapshot_volume_backed(self, context, instance, name,
                               extra_properties=None):
        return self.volume_snapshots.snapshot_volume_backed(
            context, instance, name, extra_properties=extra_properties)

    def backup(self, context, instance, name, backup_type, rotation,
               extra_properties=None):
        return self.snapshots.backup(context, instance, name, backup_type,
                                     rotation,
                                     extra_properties=extra_properties)

    # -- interfaces and security groups ---------------------------------------

    def attach_interface(self, context, instance, network_id=None,
                         port_id=None, requested_ip=None, tag=None):
        return self.interfaces.attach_interface(
            context, instance, network_id=network_id, port_id=port_id,
            requested_ip=requested_ip, tag=tag)

    def detach_interface(self, context, instance, port_id):
        return self.interfaces.detach_interface(context, instance, port_id)

    def get_instance_security_groups(self, context, instance):
        return self.interfaces.security_groups(context, instance)

    def security_group_names(self, context, instances):
        return self.interfaces.security_group_names(context, instances)

    def add_security_group(self, context, instance, name):
        return self.interfaces.add_security_group(context, instance, name)

    def remove_security_group(self, context, instance, name):
        return self.interfaces.remove_security_group(context, instance, name)

    # -- volumes --------------------------------------------------------------

    def volume_attachments(self, context, instance):
        return self.volumes.attachments(context, instance)

    def volumes_of_servers(self, context, instances):
        return self.volumes.volumes_of_servers(context, instances)

    def volume_attachment(self, context, instance, volume_id):
        return self.volumes.attachment(context, instance, volume_id)

    def attach_volume(self, context, instance, volume_id, **kwargs):
        return self.volumes.attach_volume(context, instance, volume_id,
                                          **kwargs)

    def detach_volume(self, context, instance, bdm):
        return self.volumes.detach_volume(context, instance, bdm)

    def swap_volume(self, context, instance, bdm, new_volume_id):
        return self.volumes.swap_volume(context, instance, bdm,
                                        new_volume_id)

    def update_volume_attachment(self, context, instance, bdm,
                                 delete_on_termination):
        return self.volumes.update_delete_on_termination(
            context, instance, bdm, delete_on_termination)

    # -- assisted volume snapshots (Cinder's) ---------------------------------

    def volume_snapshot_create(self, context, volume_id, create_info):
        return self.assisted_snapshots.volume_snapshot_create(
            context, volume_id, create_info)

    def volume_snapshot_delete(self, context, volume_id, snapshot_id,
                               delete_info):
        return self.assisted_snapshots.volume_snapshot_delete(
            context, volume_id, snapshot_id, delete_info)
