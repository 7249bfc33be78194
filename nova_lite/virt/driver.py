"""The interface every virt driver implements, and how one is loaded."""
import collections
import importlib

from nova_lite import exception

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

    def get_vnc_console(self, context, instance):
        """{'host': ..., 'port': ...} of the guest's VNC server, as the VNC
        proxy reaches it."""
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
    if name not in _DRIVERS:
        raise exception.VirtDriverNotFound(name=name)
    module, cls = _DRIVERS[name]
    try:
        return getattr(importlib.import_module(module), cls)(virtapi)
    except ImportError as exc:
        raise exception.VirtDriverNotFound(name='%s (%s)' % (name, exc))
