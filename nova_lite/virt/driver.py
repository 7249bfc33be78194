"""The interface every virt driver implements, and how one is loaded."""
import collections
import importlib

from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

InstanceInfo = collections.namedtuple('InstanceInfo', ['state'])

_DRIVERS = {
    'fake.FakeDriver': ('nova_lite.virt.fake', 'FakeDriver'),
    'libvirt.LibvirtDriver': ('nova_lite.virt.libvirt.driver',
                              'LibvirtDriver'),
}


class ComputeDriver(object):
    """What the compute manager asks of a hypervisor."""

    capabilities = {'supports_pause': True, 'supports_suspend': True,
                    'supports_console_output': True,
                    # Nova's volume capabilities (what attach may ask).
                    'supports_multiattach': False,
                    'supports_tagged_attach_volume': False,
                    'supports_extend_volume': False}

    def __init__(self, virtapi=None):
        self.virtapi = virtapi

    def init_host(self, host):
        pass

    def cleanup_host(self, host):
        pass

    def get_available_nodes(self):
        raise NotImplementedError()

    def get_available_resource(self, nodename):
        raise NotImplementedError()

    def list_instance_uuids(self):
        raise NotImplementedError()

    def instance_exists(self, instance):
        return instance.uuid in self.list_instance_uuids()

    def get_info(self, instance):
        raise NotImplementedError()

    def spawn(self, context, instance, image_meta, network_info=None,
              block_device_info=None):
        raise NotImplementedError()

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        raise NotImplementedError()

    def reboot(self, context, instance, reboot_type):
        raise NotImplementedError()

    def attach_interface(self, context, instance, image_meta, vif):
        """Hot-plug `vif` (a network_info dict) into the running guest."""
        raise NotImplementedError()

    def detach_interface(self, context, instance, vif):
        """Unplug `vif` from the guest (exception.NotFound when it is not
        plugged)."""
        raise NotImplementedError()

    # -- volumes ------------------------------------------------------------
    # connection_info is Cinder's, normalised: {'driver_volume_type': ...,
    # 'data': {...}}; mountpoint the device the compute picked
    # ('/dev/vdb'); the guest's target dev is its basename.

    def get_volume_connector(self, instance):
        """The host's connector properties (os-brick's): ip, host,
        initiator, multipath, platform, os_type, do_local_attach ..."""
        raise NotImplementedError()

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        """Connect the volume to the host and hot-plug it into the
        guest; on failure disconnect again and raise."""
        raise NotImplementedError()

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        """Unplug the volume from the guest, waiting (bounded, with
        Nova's retries) until the guest let it go, then disconnect it from
        the host. exception.DiskNotFound when it is not plugged."""
        raise NotImplementedError()

    def swap_volume(self, context, old_connection_info, new_connection_info,
                    instance, mountpoint, resize_to):
        """Copy the guest's disk at `mountpoint` onto the new volume and
        switch the guest to it (resize_to: its size in GiB, 0 to keep).
        NotImplementedError where the hypervisor cannot."""
        raise NotImplementedError()

    def extend_volume(self, context, connection_info, instance,
                      requested_size):
        """Tell the guest its volume grew to `requested_size` bytes."""
        raise NotImplementedError()

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        """Move the guest's disk of the volume onto the qcow2 file Cinder
        made, create_info['new_file'] (its backing file the current one):
        Nova's assisted snapshot. InstanceNotRunning without a guest."""
        raise NotImplementedError()

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        """Merge a snapshot's file out of the volume's backing chain as
        delete_info says (file_to_merge into merge_target_file, or into
        the active file when that is None)."""
        raise NotImplementedError()

    def power_off(self, instance, timeout=0):
        raise NotImplementedError()

    def power_on(self, context, instance):
        raise NotImplementedError()

    def pause(self, instance):
        raise NotImplementedError()

    def unpause(self, instance):
        raise NotImplementedError()

    def suspend(self, context, instance):
        raise NotImplementedError()

    def resume(self, context, instance):
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        raise NotImplementedError()

    def get_host_uptime(self):
        """The output of `uptime` on the host (os-hypervisors)."""
        raise NotImplementedError()

    # -- the host itself (os-hosts, before 2.43) ------------------------------

    def set_host_enabled(self, enabled):
        """Let the host take new instances (`enabled`) or not: 'enabled' or
        'disabled'."""
        raise NotImplementedError()

    def host_maintenance_mode(self, host, mode):
        """Put `host` into maintenance (`mode` True) or take it out:
        'on_maintenance' or 'off_maintenance'."""
        raise NotImplementedError()

    def host_power_action(self, action):
        """'startup', 'shutdown' or 'reboot' the host: the result of the
        action."""
        raise NotImplementedError()

    def rebuild(self, context, instance, image_meta, admin_password=None,
                preserve_ephemeral=False, block_device_info=None):
        """Reinstall the guest from `image_meta` in place. Drivers that
        cannot leave this unimplemented: the compute manager then destroys
        the guest and spawns it again with the new image."""
        raise NotImplementedError()

    def snapshot(self, context, instance, image_id, update_task_state):
        """Write the guest's root disk into the queued image `image_id`
        and upload it (the image becomes active). Calls
        update_task_state(task_state=IMAGE_PENDING_UPLOAD) once the data
        is being captured and update_task_state(
        task_state=IMAGE_UPLOADING, expected_state=IMAGE_PENDING_UPLOAD)
        before uploading, as Nova's drivers do."""
        raise NotImplementedError()

    def rescue(self, context, instance, image_meta, rescue_password):
        """Boot the guest from a rescue image (image_meta: the image's
        Glance record), its own disk attached as the second disk."""
        raise NotImplementedError()

    def unrescue(self, context, instance):
        """Leave rescue mode: boot the guest from its own disk again."""
        raise NotImplementedError()

    def trigger_crash_dump(self, instance):
        """Inject an NMI into the guest so its kernel dumps a crash."""
        raise NotImplementedError()

    def soft_delete(self, instance):
        """Keep a soft-deleted guest's disks but stop it (default: power
        it off)."""
        self.power_off(instance)

    def restore(self, instance):
        """Bring a soft-deleted guest back (default: power it on)."""
        self.power_on(None, instance)

    def get_diagnostics(self, instance):
        """Driver-specific diagnostics (a flat dict; before 2.48)."""
        raise NotImplementedError()

    def get_instance_diagnostics(self, instance):
        """Standard diagnostics (2.48): a dict with state, driver,
        hypervisor, hypervisor_os, uptime, config_drive, num_cpus,
        num_nics, num_disks, cpu_details, nic_details, disk_details and
        memory_details, as nova_lite.virt.diagnostics builds it."""
        raise NotImplementedError()

    # -- resize and cold migration -----------------------------------------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info=None, block_device_info=None,
                                   timeout=0):
        """On the source host: power the guest off and make its disks
        ready to move to `dest` for `flavor`. Raise
        exception.InstanceFaultRollback(ResizeError(...)) when the move is
        impossible but the guest is unharmed (a disk cannot shrink)."""
        raise NotImplementedError()

    def finish_migration(self, context, migration, instance, image_meta,
                         network_info=None, block_device_info=None,
                         power_on=True):
        """On the destination host: bring up the moved guest with its new
        flavor (instance.flavor), started when power_on."""
        raise NotImplementedError()

    def confirm_migration(self, context, migration, instance,
                          network_info=None):
        """On the source host: drop what was kept to revert the move."""
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, network_info=None,
                                migration=None, block_device_info=None,
                                power_on=True):
        """On the source host: bring the guest back as it was before the
        move (the destination has destroyed its copy already)."""
        raise NotImplementedError()

    def get_vnc_console(self, context, instance):
        """{'host': ..., 'port': ...} of the guest's VNC server, as the VNC
        proxy reaches it."""
        raise NotImplementedError()

    def power_update_event(self, instance, target_power_state):
        """An external power-update event ('POWER_ON'/'POWER_OFF') says
        the guest's power changed outside Nova (Ironic)."""
        raise NotImplementedError()

    def register_event_listener(self, callback):
        """Have callback(instance_uuid, power_state) called whenever a
        guest changes state on its own (drivers without events: never)."""
        pass

    def manage_image_cache(self, context, all_instances):
        """Periodic: drop cached images `all_instances` (the instances on
        this host) no longer use. Drivers without a cache: nothing."""
        pass


def load_compute_driver(name, virtapi=None):
    if name == 'auto':
        from nova_lite import conf as nl_conf
        from nova_lite.virt import auto
        LOG.info('compute_driver = auto: %s', auto.choose(nl_conf.CONF))
        name = nl_conf.CONF.compute_driver
    if name not in _DRIVERS:
        raise exception.VirtDriverNotFound(name=name)
    module, cls = _DRIVERS[name]
    try:
        return getattr(importlib.import_module(module), cls)(virtapi)
    except ImportError as exc:
        raise exception.VirtDriverNotFound(name='%s (%s)' % (name, exc))
