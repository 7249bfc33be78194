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
                    'supports_console_output': True}

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

    def rebuild(self, context, instance, image_meta, admin_password=None,
                preserve_ephemeral=False):
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
