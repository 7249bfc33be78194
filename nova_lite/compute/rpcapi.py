"""Client side of the compute RPC API (topic 'compute', server = host):
the whole contract of the compute service in one place.

Version history:

1.0 - Builds and deletes: build_and_run_instance, terminate_instance,
      soft_delete_instance, restore_instance.
      Server actions: reboot_instance, stop_instance, start_instance,
      pause_instance, unpause_instance, suspend_instance,
      resume_instance, rescue_instance, unrescue_instance,
      trigger_crash_dump; calls: get_console_output, get_vnc_console,
      get_host_uptime, get_diagnostics, get_instance_diagnostics.
      Resize and cold migration: prep_resize, resize_instance,
      finish_resize, confirm_resize, revert_resize, finish_revert_resize.
      Rebuild and events: rebuild_instance, external_instance_event.
      Shelve: shelve_instance, shelve_offload_instance, unshelve_instance.
      Snapshots: snapshot_instance, backup_instance.

1.1 - build_and_run_instance and prep_resize take request_spec as a
      RequestSpec object (the dict of RequestSpec.to_legacy_dict() before).

1.2 - Guest networking: attach_interface (call), detach_interface (cast).

1.3 - Volumes: reserve_block_device_name (call: the device name and the
      volume's BlockDeviceMapping), attach_volume, detach_volume,
      swap_volume.

1.4 - The host itself (os-hosts): set_host_enabled, host_maintenance_mode,
      host_power_action (calls: the driver's answer).

1.5 - Cinder's assisted volume snapshots: volume_snapshot_create,
      volume_snapshot_delete.

Every method is a cast unless it is a call above. Methods unchanged since
1.0 are sent as 1.0; [upgrade_levels] compute caps what is sent
(nova_lite.upgrade_levels), so a compute of the previous release keeps
receiving what it can read.
"""
import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'compute'
RPC_VERSION = '1.5'


class ComputeAPI(object):
    def __init__(self, version_cap=None):
        target = messaging.Target(topic=TOPIC, version=RPC_VERSION)
        self.client = rpc.get_versioned_client(target, 'compute')

    def _host(self, host, version='1.0'):
        return self.client.prepare(server=host, version=version)

    def _spec_for_host(self, host, request_spec):
        """(prepared client, request_spec) in the newest form the cap
        allows: the object at 1.1, its legacy dict at 1.0."""
        if self.client.can_send_version('1.1'):
            return self._host(host, '1.1'), request_spec
        legacy = (request_spec.to_legacy_dict()
                  if request_spec is not None else None)
        return self._host(host), legacy

    def _cast_simple(self, context, method, instance):
        self._host(instance.host).cast(context, method, instance=instance)

    # -- builds and deletes ---------------------------------------------------

    def build_and_run_instance(self, context, instance, host, image,
                               request_spec, filter_properties, node=None):
        cctxt, request_spec = self._spec_for_host(host, request_spec)
        cctxt.cast(context, 'build_and_run_instance', instance=instance,
                   image=image, request_spec=request_spec,
                   filter_properties=filter_properties, node=node)

    def terminate_instance(self, context, instance):
        self._cast_simple(context, 'terminate_instance', instance)

    def soft_delete_instance(self, context, instance):
        self._cast_simple(context, 'soft_delete_instance', instance)

    def restore_instance(self, context, instance):
        self._cast_simple(context, 'restore_instance', instance)

    # -- server actions -------------------------------------------------------

    def reboot_instance(self, context, instance, reboot_type):
        self._host(instance.host).cast(context, 'reboot_instance',
                                       instance=instance,
                                       reboot_type=reboot_type)

    def stop_instance(self, context, instance):
        self._cast_simple(context, 'stop_instance', instance)

    def start_instance(self, context, instance):
        self._cast_simple(context, 'start_instance', instance)

    def pause_instance(self, context, instance):
        self._cast_simple(context, 'pause_instance', instance)

    def unpause_instance(self, context, instance):
        self._cast_simple(context, 'unpause_instance', instance)

    def suspend_instance(self, context, instance):
        self._cast_simple(context, 'suspend_instance', instance)

    def resume_instance(self, context, instance):
        self._cast_simple(context, 'resume_instance', instance)

    def rescue_instance(self, context, instance, rescue_password,
                        image_meta):
        self._host(instance.host).cast(context, 'rescue_instance',
                                       instance=instance,
                                       rescue_password=rescue_password,
                                       image_meta=image_meta)

    def unrescue_instance(self, context, instance):
        self._cast_simple(context, 'unrescue_instance', instance)

    def trigger_crash_dump(self, context, instance):
        self._cast_simple(context, 'trigger_crash_dump', instance)

    def get_console_output(self, context, instance, tail_length=None):
        return self._host(instance.host).call(
            context, 'get_console_output', instance=instance,
            tail_length=tail_length)

    def get_vnc_console(self, context, instance, console_type):
        """Authorize a VNC console on the instance's host (call): returns
        {'token', 'access_url', 'host', 'port', 'internal_access_path'}."""
        return self._host(instance.host).call(
            context, 'get_vnc_console', instance=instance,
            console_type=console_type)

    def get_host_uptime(self, context, host):
        """The `uptime` line of a compute host (call); NotImplementedError
        when its driver cannot tell."""
        return self._host(host).call(context, 'get_host_uptime')

    def get_diagnostics(self, context, instance):
        return self._host(instance.host).call(context, 'get_diagnostics',
                                              instance=instance)

    def get_instance_diagnostics(self, context, instance):
        return self._host(instance.host).call(
            context, 'get_instance_diagnostics', instance=instance)

    # -- resize and cold migration: destination, source, destination... -------

    def prep_resize(self, context, instance, migration, flavor, host,
                    request_spec=None):
        cctxt, request_spec = self._spec_for_host(host, request_spec)
        cctxt.cast(context, 'prep_resize', instance=instance,
                   migration=migration, flavor=flavor,
                   request_spec=request_spec)

    def resize_instance(self, context, instance, migration, flavor):
        self._host(migration.source_compute).cast(
            context, 'resize_instance', instance=instance,
            migration=migration, flavor=flavor)

    def finish_resize(self, context, instance, migration):
        self._host(migration.dest_compute).cast(
            context, 'finish_resize', instance=instance, migration=migration)

    def confirm_resize(self, context, instance, migration):
        self._host(migration.source_compute).cast(
            context, 'confirm_resize', instance=instance,
            migration=migration)

    def revert_resize(self, context, instance, migration):
        self._host(migration.dest_compute).cast(
            context, 'revert_resize', instance=instance, migration=migration)

    def finish_revert_resize(self, context, instance, migration):
        self._host(migration.source_compute).cast(
            context, 'finish_revert_resize', instance=instance,
            migration=migration)

    # -- rebuild and external events ------------------------------------------

    def rebuild_instance(self, context, instance, image, orig_image_ref,
                         admin_password=None, preserve_ephemeral=False):
        self._host(instance.host).cast(
            context, 'rebuild_instance', instance=instance, image=image,
            orig_image_ref=orig_image_ref, admin_password=admin_password,
            preserve_ephemeral=preserve_ephemeral)

    def external_instance_event(self, context, instances, events, host):
        """events: dicts {name, tag, status, server_uuid}."""
        self._host(host).cast(context, 'external_instance_event',
                              instances=instances, events=events)

    # -- 1.2: interfaces ------------------------------------------------------

    def _interfaces(self, instance):
        if not self.client.can_send_version('1.2'):
            from nova_lite import exception
            raise exception.ServiceUnavailable(
                'The compute service of host %s is too old to attach or '
                'detach interfaces' % instance.host)
        return self._host(instance.host, '1.2')

    def attach_interface(self, context, instance, network_id, port_id,
                         requested_ip, tag=None):
        """Call: the new VIF (network_info dict)."""
        return self._interfaces(instance).call(
            context, 'attach_interface', instance=instance,
            network_id=network_id, port_id=port_id,
            requested_ip=requested_ip, tag=tag)

    def detach_interface(self, context, instance, port_id):
        self._interfaces(instance).cast(context, 'detach_interface',
                                        instance=instance, port_id=port_id)

    # -- 1.3: volumes ---------------------------------------------------------

    def _volumes(self, instance):
        if not self.client.can_send_version('1.3'):
            from nova_lite import exception
            raise exception.ServiceUnavailable(
                'The compute service of host %s is too old to attach or '
                'detach volumes' % instance.host)
        return self._host(instance.host, '1.3')

    def reserve_block_device_name(self, context, instance, device, volume_id,
                                  disk_bus=None, device_type=None, tag=None,
                                  multiattach=False):
        """Call: the volume's new BlockDeviceMapping (device named)."""
        return self._volumes(instance).call(
            context, 'reserve_block_device_name', instance=instance,
            device=device, volume_id=volume_id, disk_bus=disk_bus,
            device_type=device_type, tag=tag, multiattach=multiattach)

    def attach_volume(self, context, instance, bdm):
        self._volumes(instance).cast(context, 'attach_volume',
                                     instance=instance, bdm=bdm)

    def detach_volume(self, context, instance, volume_id,
                      attachment_id=None):
        self._volumes(instance).cast(context, 'detach_volume',
                                     instance=instance, volume_id=volume_id,
                                     attachment_id=attachment_id)

    def swap_volume(self, context, instance, old_volume_id, new_volume_id,
                    new_attachment_id):
        self._volumes(instance).cast(
            context, 'swap_volume', instance=instance,
            old_volume_id=old_volume_id, new_volume_id=new_volume_id,
            new_attachment_id=new_attachment_id)

    # -- 1.4: the host itself -------------------------------------------------

    def _host_controls(self, host):
        """A compute older than 1.4 has no host controls: to the API the
        functionality is not supported there (501)."""
        if not self.client.can_send_version('1.4'):
            raise NotImplementedError(
                'The compute service of host %s is too old for host '
                'operations' % host)
        return self._host(host, '1.4')

    def set_host_enabled(self, context, host, enabled):
        """Call: 'enabled' or 'disabled'."""
        return self._host_controls(host).call(context, 'set_host_enabled',
                                              enabled=enabled)

    def host_maintenance_mode(self, context, host, host_param, mode):
        """Call `host` to put `host_param` into maintenance (`mode` True) or
        out of it: 'on_maintenance' or 'off_maintenance'."""
        return self._host_controls(host).call(
            context, 'host_maintenance_mode', host=host_param, mode=mode)

    def host_power_action(self, context, host, action):
        """Call: the driver's result of 'startup', 'shutdown' or 'reboot'."""
        return self._host_controls(host).call(context, 'host_power_action',
                                              action=action)

    # -- 1.5: assisted volume snapshots --------------------------------------

    def _assisted_snapshots(self, instance):
        if not self.client.can_send_version('1.5'):
            from nova_lite import exception
            raise exception.ServiceUnavailable(
                'The compute service of host %s is too old for assisted '
                'volume snapshots' % instance.host)
        return self._host(instance.host, '1.5')

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        self._assisted_snapshots(instance).cast(
            context, 'volume_snapshot_create', instance=instance,
            volume_id=volume_id, create_info=create_info)

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        self._assisted_snapshots(instance).cast(
            context, 'volume_snapshot_delete', instance=instance,
            volume_id=volume_id, snapshot_id=snapshot_id,
            delete_info=delete_info)

    # -- shelve: the instance's host; unshelve: the host the conductor chose --

    def shelve_instance(self, context, instance, image_id,
                        clean_shutdown=True):
        self._host(instance.host).cast(context, 'shelve_instance',
                                       instance=instance, image_id=image_id,
                                       clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, context, instance,
                                clean_shutdown=True):
        self._host(instance.host).cast(context, 'shelve_offload_instance',
                                       instance=instance,
                                       clean_shutdown=clean_shutdown)

    def unshelve_instance(self, context, instance, host, image, node=None):
        self._host(host).cast(context, 'unshelve_instance',
                              instance=instance, image=image, node=node)

    # -- snapshots ------------------------------------------------------------

    def snapshot_instance(self, context, instance, image_id):
        self._host(instance.host).cast(context, 'snapshot_instance',
                                       instance=instance, image_id=image_id)

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        self._host(instance.host).cast(context, 'backup_instance',
                                       instance=instance, image_id=image_id,
                                       backup_type=backup_type,
                                       rotation=rotation)
