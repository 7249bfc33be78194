"""The libvirt virt driver: real guests under KVM or QEMU (TCG).

compute_driver = libvirt.LibvirtDriver. Instance files live in
<instances_path>/<uuid>/ (disk, disk.eph0, disk.swap, console.log,
libvirt.xml, spawn_inputs.json); base images in <instances_path>/_base/
(imagecache.py).
Domains are persistent, named like Nova's ("instance-%08x" of the
instance id) and carry the instance uuid as their libvirt uuid, which is
how they are looked up.

Hard reboot and power on are Nova's: the domain is destroyed and
undefined, its XML regenerated from the instance as it is now (flavor,
image metadata, network info, the current [libvirt]/[vnc] options),
missing disks and base images are made again, and the new definition is
defined and started. So a hard reboot is how an operator applies changed
options to a guest, and brings back one whose domain or cached base
vanished.
"""
import json
import os
import shutil
import threading
import time

from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.virt import driver
from nova_lite.virt.libvirt import access as vaccess
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import console
from nova_lite.virt.libvirt import diagnostics as vdiagnostics
from nova_lite.virt.libvirt import disks
from nova_lite.virt.libvirt import guest as vguest
from nova_lite.virt.libvirt import host as vhost
from nova_lite.virt.libvirt import imagecache
from nova_lite.virt.libvirt import interfaces as vinterfaces
from nova_lite.virt.libvirt import migration
from nova_lite.virt.libvirt import rescue
from nova_lite.virt.libvirt import snapshot
from nova_lite.virt.libvirt import spawn_inputs
from nova_lite.virt.libvirt import vif as vvif
from nova_lite.virt.libvirt import volume_snapshots as vsnapshots
from nova_lite.virt.libvirt import volumes as vvolumes

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

CONF = nl_conf.CONF
# Idempotent: lets the driver run before the groups are registered
# centrally in nova_lite.conf.

LOG = logging.getLogger(__name__)

GiB = 1024 ** 3
CONSOLE_LOG = 'console.log'
DOMAIN_XML = 'libvirt.xml'
PACKAGE_VERSION = 'nova-lite'


def instances_path():
    return CONF.instances_path or os.path.join(CONF.state_path, 'instances')


def _meminfo_total_mb(path='/proc/meminfo'):
    with open(path) as f:
        for line in f:
            if line.startswith('MemTotal:'):
                return int(line.split()[1]) // 1024
    raise ValueError('MemTotal missing from %s' % path)


def _images_type_format():
    """The format a new root disk gets from [libvirt] images_type."""
    return 'raw' if CONF.libvirt.images_type in ('raw', 'flat') else 'qcow2'


def domain_name(instance):
    if instance.obj_attr_is_set('id') and instance.id is not None:
        return 'instance-%08x' % instance.id
    return 'instance-%s' % instance.uuid


class LibvirtDriver(rescue.RescueMixin, snapshot.SnapshotMixin,
                    migration.MigrationMixin,
                    vdiagnostics.DiagnosticsMixin, driver.ComputeDriver):
    capabilities = {'supports_pause': True, 'supports_suspend': True,
                    'supports_console_output': True,
                    'supports_vnc_console': True,
                    # volumes: extend by blockResize; no shareable disks
                    # or device tags (no metadata service) yet
                    'supports_extend_volume': True,
                    'supports_multiattach': False,
                    'supports_tagged_attach_volume': False}

    def __init__(self, virtapi=None, image_fetch=None):
        super().__init__(virtapi)
        uri = CONF.libvirt.connection_uri or 'qemu:///system'
        self._host = vhost.Host(uri, CONF.host)
        self._image_fetch = image_fetch or imagecache.default_image_fetch
        self._image_cache = None
        self._spawn_semaphore = threading.BoundedSemaphore(
            CONF.libvirt.max_concurrent_spawns)
        self._hostname = None
        self.interfaces = vinterfaces.GuestInterfaces(
            self._get_or_redefine, self.instance_dir, self._write_domain_xml)
        self.volumes = vvolumes.GuestVolumes(
            self._host, self._get_or_redefine, self._write_domain_xml, CONF)
        self.volume_snapshots = vsnapshots.VolumeSnapshots(
            self._get_or_redefine, self._write_domain_xml)

    # -- paths ------------------------------------------------------------

    @property
    def image_cache(self):
        if self._image_cache is None:
            self._image_cache = imagecache.ImageCache(
                os.path.join(instances_path(),
                             CONF.image_cache.subdirectory_name),
                self._image_fetch)
        return self._image_cache

    @staticmethod
    def instance_dir(instance):
        return os.path.join(instances_path(), instance.uuid)

    # -- host -----------------------------------------------------------------

    def init_host(self, host):
        self._hostname = host
        self._host.hostname = host
        # The qemu user must traverse to the instance directories.
        os.makedirs(instances_path(), mode=0o755, exist_ok=True)
        problem = vaccess.instances_path_problem(instances_path(),
                                                 self._host.uri)
        if problem:
            raise exception.InvalidConfiguration(reason=problem)
        conn = self._host.get_connection()
        LOG.info('libvirt driver on %s: %s, virt_type %s, instances in %s',
                 host, self._host.uri, CONF.libvirt.virt_type,
                 instances_path())
        return conn

    def cleanup_host(self, host):
        self._host.close()

    def register_event_listener(self, callback):
        self._host.register_event_listener(callback)

    def get_available_nodes(self):
        return [self._hostname or CONF.host]

    def get_available_resource(self, nodename):
        conn = self._host.get_connection()
        path = instances_path()
        os.makedirs(path, mode=0o755, exist_ok=True)
        st = os.statvfs(path)
        caps = self._host.get_capabilities()
        free = st.f_bavail * st.f_frsize
        over = sum(disks.over_committed_bytes(p)
                   for p in self._instance_disk_files())
        return {
            'vcpus': conn.getInfo()[2] or os.cpu_count(),
            # libvirt's getInfo() under-reports memory on some hosts.
            'memory_mb': _meminfo_total_mb(),
            'local_gb': st.f_blocks * st.f_frsize // GiB,
            'hypervisor_type': 'QEMU',
            'hypervisor_version': conn.getVersion(),
            'hypervisor_hostname': nodename,
            'cpu_info': json.dumps({
                'arch': caps['arch'], 'model': caps['model'],
                'vendor': caps['vendor'],
                'topology': caps['topology'],
                'features': caps['features']}),
            'disk_available_least': max(0, free - over) // GiB,
        }

    def _instance_disk_files(self):
        root = instances_path()
        try:
            entries = os.listdir(root)
        except FileNotFoundError:
            return []
        files = []
        for entry in entries:
            for name in (disks.ROOT, disks.EPHEMERAL, disks.SWAP):
                path = os.path.join(root, entry, name)
                if os.path.isfile(path):
                    files.append(path)
        return files

    def list_instance_uuids(self):
        uuids = []
        for dom in self._host.list_domains():
            try:
                dom.metadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT,
                             vconfig.NOVA_NS, 0)
            except libvirt.libvirtError:
                continue  # not a domain this driver created
            uuid = dom.UUIDString()
            if not os.path.isdir(os.path.join(instances_path(), uuid)):
                # Another deployment's guest on a shared libvirtd (its
                # files are under another instances_path): not ours to
                # reap.
                continue
            uuids.append(uuid)
        return uuids

    def instance_exists(self, instance):
        try:
            self._host.get_domain(instance.uuid)
            return True
        except exception.InstanceNotFound:
            return False

    def get_info(self, instance):
        dom = self._host.get_domain(instance.uuid)
        return driver.InstanceInfo(state=vguest.get_power_state(dom))

    # -- spawn / destroy ----------------------------------------------------

    def spawn(self, context, instance, image_meta, network_info=None,
              block_device_info=None):
        started = time.monotonic()
        image_meta = dict(image_meta or {})
        root_volume = vvolumes.boot_volume(block_device_info) is not None
        if not image_meta.get('id') and not root_volume:
            if not instance.image_ref:
                raise exception.NovaLiteException(
                    'Instance %s has no image to boot from' % instance.uuid)
            image_meta['id'] = instance.image_ref
        with self._spawn_semaphore:
            inst_dir = self.instance_dir(instance)
            os.makedirs(inst_dir, mode=0o755, exist_ok=True)
            disk_list = self._create_disks(context, instance, image_meta,
                                           local_root=not root_volume)
            volume_disks = self.volumes.connect_all(instance,
                                                    block_device_info)
            xml = self._domain_xml(instance, image_meta, disk_list,
                                   network_info, volume_disks, root_volume)
            spawn_inputs.save(inst_dir, image_meta, network_info)
            self._write_domain_xml(instance, xml)
            vvif.plug_all(network_info)
            dom = self._define(xml, instance)
            vvif.start_guest(self.virtapi, instance, dom, network_info)
        LOG.info('Instance %s spawned (%s) in %.2f s', instance.uuid,
                 dom.name(), time.monotonic() - started)

    def _create_disks(self, context, instance, image_meta, local_root=True):
        """The instance's local disks, making those that are missing and
        the missing bases of those that exist (no root disk for a guest
        booting from a volume: local_root False). An existing root disk keeps
        the format its last domain definition gave it, whatever [libvirt]
        images_type says now (never probed: a raw disk's guest may have
        written a qcow2 header into it)."""
        props = vconfig.image_properties(image_meta)
        bus = props.get('hw_disk_bus') or 'virtio'
        if bus not in vconfig.DISK_BUS_PREFIX:
            raise exception.InvalidInput(
                reason='unsupported hw_disk_bus %s' % bus)
        flavor = instance.flavor
        inst_dir = self.instance_dir(instance)
        root = os.path.join(inst_dir, disks.ROOT)
        if not local_root:
            root_fmt = None
        elif os.path.exists(root):
            root_fmt = self._defined_disk_formats(instance).get(
                root, _images_type_format())
            if root_fmt == 'qcow2':
                self.image_cache.restore_backing_file(context, root,
                                                      image_meta)
        else:
            root_fmt = _images_type_format()
            self._create_root_disk(context, flavor, image_meta, root)
        result = [{'path': root, 'format': root_fmt}] if local_root else []
        if flavor.ephemeral_gb:
            path = os.path.join(inst_dir, disks.EPHEMERAL)
            if not os.path.exists(path):
                disks.create_blank(path, flavor.ephemeral_gb * GiB)
            result.append({'path': path, 'format': 'qcow2'})
        if flavor.swap:
            path = os.path.join(inst_dir, disks.SWAP)
            if os.path.exists(path):
                self.image_cache.restore_backing_file(context, path,
                                                      image_meta)
            else:
                swap_base = self.image_cache.ensure_swap_base(flavor.swap)
                disks.create_overlay(swap_base, path, backing_fmt='raw')
            result.append({'path': path, 'format': 'qcow2'})
        for index, disk in enumerate(result, 0 if local_root else 1):
            disk['bus'] = bus
            disk['dev'] = vconfig.disk_dev_name(bus, index)
        return result

    def _create_root_disk(self, context, flavor, image_meta, root):
        if not image_meta.get('id'):
            raise exception.NovaLiteException(
                'Instance root disk %s is missing and there is no image to '
                'make it from' % root)
        base = self.image_cache.fetch_base(context, image_meta)
        header = disks.qcow2_header(base)
        virtual_size = header[0] if header else os.path.getsize(base)
        size = disks.root_size_bytes(flavor.root_gb, virtual_size)
        if _images_type_format() == 'raw':
            disks.copy_to_raw(base, root, size)
        else:
            disks.create_overlay(base, root, size)

    def _defined_disk_formats(self, instance):
        """{disk path: format} of the instance's saved domain XML."""
        try:
            with open(os.path.join(self.instance_dir(instance),
                                   DOMAIN_XML)) as f:
                xml = f.read()
        except FileNotFoundError:
            return {}
        return {path: fmt for path, _dev, _bus, fmt in
                rescue.disk_sources(xml) if path and fmt}

    def _domain_xml(self, instance, image_meta, disk_list, network_info,
                    volume_disks=(), root_volume=False):
        caps = self._host.get_capabilities()
        arch = caps.get('arch') or 'x86_64'
        props = vconfig.image_properties(image_meta)
        return vconfig.domain_xml(
            instance, image_meta, disk_list,
            virt_type=CONF.libvirt.virt_type, arch=arch,
            machine=vconfig.machine_type(arch, props,
                                         CONF.libvirt.hw_machine_type),
            cpu_mode=CONF.libvirt.cpu_mode,
            cpu_models=CONF.libvirt.cpu_models,
            console_log=os.path.join(self.instance_dir(instance),
                                     CONSOLE_LOG),
            vnc_listen=CONF.vnc.server_listen if CONF.vnc.enabled else None,
            network_info=network_info, name=domain_name(instance),
            package_version=PACKAGE_VERSION, volume_disks=volume_disks,
            root_volume=root_volume)

    def _define(self, xml, instance):
        conn = self._host.get_connection()
        try:
            return conn.defineXML(xml)
        except libvirt.libvirtError as exc:
            # Another deployment on this host may own a domain of the same
            # "instance-%08x" name: fall back to a name from the uuid.
            name = domain_name(instance)
            try:
                other = conn.lookupByName(name)
            except libvirt.libvirtError:
                raise exc
            if other.UUIDString() == instance.uuid:
                raise
            LOG.warning('Domain name %s is taken by %s; naming %s by uuid',
                        name, other.UUIDString(), instance.uuid)
            return conn.defineXML(xml.replace(
                '<name>%s</name>' % name,
                '<name>instance-%s</name>' % instance.uuid, 1))

    def _get_or_redefine(self, instance):
        """The domain; redefined from the saved XML if libvirt lost it."""
        try:
            return self._host.get_domain(instance.uuid)
        except exception.InstanceNotFound:
            saved = os.path.join(self.instance_dir(instance), DOMAIN_XML)
            if not os.path.exists(saved):
                raise
            LOG.warning('Domain of %s missing; redefining it from %s',
                        instance.uuid, saved)
            with open(saved) as f:
                return self._define(f.read(), instance)

    def _destroy_domain(self, instance):
        """Power the domain off and undefine it (with its managed-save
        image); nothing to do when libvirt has no such domain."""
        try:
            dom = self._host.get_domain(instance.uuid)
        except exception.InstanceNotFound:
            return
        vguest.destroy(dom)
        vguest.undefine(dom)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        self._destroy_domain(instance)
        self.volumes.disconnect_all(instance, block_device_info)
        inst_dir = self.instance_dir(instance)
        if network_info is None:
            network_info = spawn_inputs.load(inst_dir).get('network_info')
        vvif.unplug_all(network_info)
        if destroy_disks:
            shutil.rmtree(inst_dir, ignore_errors=True)
            # The source copy of an unfinished move is kept for a revert
            # (or for the source when the destination cleans up).
            if not migration.in_move(instance):
                shutil.rmtree(migration.resize_dir(inst_dir),
                              ignore_errors=True)
        LOG.info('Instance %s destroyed', instance.uuid)

    # -- power --------------------------------------------------------------

    def reboot(self, context, instance, reboot_type, network_info=None,
               block_device_info=None):
        if reboot_type == 'SOFT':
            if self._soft_reboot(instance):
                return
            LOG.warning('Soft reboot of %s failed; hard rebooting',
                        instance.uuid)
        self._hard_reboot(context, instance, network_info,
                          block_device_info)

    def _soft_reboot(self, instance):
        """True when the guest rebooted through ACPI within the wait."""
        wait = CONF.reboot_timeout or CONF.libvirt.wait_soft_reboot_seconds
        try:
            dom = self._host.get_domain(instance.uuid)
            return vguest.soft_reboot(dom, wait)
        except exception.InstanceNotFound:
            LOG.warning('Instance %s has no domain to soft reboot',
                        instance.uuid)
        except libvirt.libvirtError as exc:
            LOG.warning('Soft reboot of %s failed: %s', instance.uuid, exc)
        return False

    def _hard_reboot(self, context, instance, network_info=None,
                     block_device_info=None):
        """Tear the guest down and build it again from the instance's
        current state (see the module docstring); disks are kept."""
        started = time.monotonic()
        volume_disks, root_volume = self._reboot_volume_disks(
            instance, block_device_info)
        self._destroy_domain(instance)
        inst_dir = self.instance_dir(instance)
        os.makedirs(inst_dir, mode=0o755, exist_ok=True)
        recorded = spawn_inputs.load(inst_dir)
        image_meta = spawn_inputs.image_meta_for(instance, recorded)
        if network_info is None:
            network_info = recorded.get('network_info')
        disk_list = self._create_disks(context, instance, image_meta,
                                       local_root=not root_volume)
        xml = self._domain_xml(instance, image_meta, disk_list, network_info,
                               volume_disks, root_volume)
        spawn_inputs.save(inst_dir, image_meta, network_info)
        self._write_domain_xml(instance, xml)
        # The ports are plugged already: nothing to wait for.
        vvif.plug_all(network_info)
        dom = self._define(xml, instance)
        vguest.launch(dom)
        LOG.info('Instance %s hard rebooted with a regenerated domain in '
                 '%.2f s', instance.uuid, time.monotonic() - started)

    def _reboot_volume_disks(self, instance, block_device_info):
        """(volume <disk> XMLs, boots from a volume) for a regenerated
        domain: from block_device_info when the compute gives it, else
        the volume disks of the saved definition."""
        if block_device_info and 'block_device_mapping' in block_device_info:
            return (self.volumes.connect_all(instance, block_device_info),
                    vvolumes.boot_volume(block_device_info) is not None)
        inst_dir = self.instance_dir(instance)
        try:
            with open(os.path.join(inst_dir, DOMAIN_XML)) as f:
                saved = vvolumes.saved_volume_disks(f.read(), inst_dir)
        except FileNotFoundError:
            return [], False
        local_root = os.path.exists(os.path.join(inst_dir, disks.ROOT))
        return saved, bool(saved) and not local_root

    def power_off(self, instance, timeout=0, retry_interval=0):
        dom = self._host.get_domain(instance.uuid)
        if timeout and vguest.clean_shutdown(
                dom, timeout,
                retry_interval or vguest.SHUTDOWN_RETRY_INTERVAL):
            return
        vguest.destroy(dom)

    def power_on(self, context, instance, network_info=None,
                 block_device_info=None):
        # As in Nova, power on is a hard reboot: whatever state the domain
        # is in, it ends up freshly defined and started.
        self._hard_reboot(context, instance, network_info,
                          block_device_info)

    def pause(self, instance):
        self._host.get_domain(instance.uuid).suspend()

    def unpause(self, instance):
        self._host.get_domain(instance.uuid).resume()

    def suspend(self, context, instance):
        self._host.get_domain(instance.uuid).managedSave(0)

    def resume(self, context, instance, network_info=None,
               block_device_info=None):
        dom = self._get_or_redefine(instance)
        if not dom.isActive():
            vguest.launch(dom)  # restores the managed save

    # -- network interfaces ---------------------------------------------

    def attach_interface(self, context, instance, image_meta, vif):
        self.interfaces.attach(instance, image_meta, vif)

    def detach_interface(self, context, instance, vif):
        self.interfaces.detach(instance, vif)

    # -- volumes (nova_lite.virt.libvirt.volumes) ------------------------

    def get_volume_connector(self, instance):
        return self.volumes.connector(instance)

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        self.volumes.attach(connection_info, instance, mountpoint, disk_bus,
                            device_type)

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        self.volumes.detach(connection_info, instance, mountpoint)

    def extend_volume(self, context, connection_info, instance,
                      requested_size):
        return self.volumes.extend(connection_info, instance, requested_size)

    def swap_volume(self, context, old_connection_info, new_connection_info,
                    instance, mountpoint, resize_to):
        self.volumes.swap(old_connection_info, new_connection_info,
                          instance, mountpoint, resize_to)

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        self.volume_snapshots.create(instance, volume_id, create_info)

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        self.volume_snapshots.delete(instance, volume_id, snapshot_id,
                                     delete_info)

    # -- consoles ---------------------------------------------------------

    def get_console_output(self, context, instance):
        self._host.get_domain(instance.uuid)
        return console.read_log_tail(
            os.path.join(self.instance_dir(instance), CONSOLE_LOG))

    def get_vnc_console(self, context, instance):
        dom = self._host.get_domain(instance.uuid)
        port = console.vnc_port(dom.XMLDesc(0))
        if port is None:
            raise exception.ConsoleNotAvailable()
        return {'host': CONF.vnc.server_proxyclient_address, 'port': port}

    # -- image cache --------------------------------------------------------

    def manage_image_cache(self, context, all_instances):
        """Remove base images no instance here has used for
        [image_cache] remove_unused_original_minimum_age_seconds."""
        if not CONF.image_cache.remove_unused_base_images:
            return []
        in_use = {imagecache.base_name(i.image_ref) for i in all_instances
                  if i.obj_attr_is_set('image_ref') and i.image_ref}
        for path in self._instance_disk_files():
            header = disks.qcow2_header(path)
            if header and header[1]:
                in_use.add(os.path.basename(header[1]))
        return self.image_cache.cleanup(
            in_use,
            CONF.image_cache.remove_unused_original_minimum_age_seconds)
