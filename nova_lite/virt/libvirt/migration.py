"""Cold resize and cold migration for the libvirt driver, as Nova does it.

Source, migrate_disk_and_power_off: refuse a root or ephemeral disk that
would shrink ("Unable to resize disk down.", the guest untouched), power
the guest off cleanly, move <instances_path>/<uuid> aside to
<uuid>_resize and copy its disks back into a fresh <uuid> directory for
the destination (the swap disk only when its size stays; the destination
makes a new one otherwise), with the domain's definition as libvirt.xml
and the guest's spawn inputs (spawn_inputs.py).

Destination, finish_migration: grow the root (and ephemeral) disk to the
new flavor with `qemu-img resize`, make missing ephemeral/swap disks,
define the domain again from the moved definition with the new vCPUs,
memory and disks, and start it unless the instance was stopped.

Source, confirm_migration: delete <uuid>_resize. finish_revert_migration:
put <uuid>_resize back as <uuid> (the destination has destroyed its copy)
and define and start the old domain again.

The copy is local: the destination must see the same instances_path
(the same host, or computes sharing one machine or one shared instance
store), which is what Nova calls shared instance storage. Copying to a
remote host (Nova's rsync/ssh path) is not implemented.

Mixed into LibvirtDriver (uses self._host, self.image_cache,
self.instance_dir, self._define, self.power_off, _write_domain_xml).
"""
import os
import shutil
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import disks
from nova_lite.virt.libvirt import guest as vguest
from nova_lite.virt.libvirt import rescue
from nova_lite.virt.libvirt import spawn_inputs
from nova_lite.virt.libvirt import volumes as vvolumes

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

GiB = 1024 ** 3
RESIZE_SUFFIX = '_resize'
DOMAIN_XML = rescue.DOMAIN_XML
_NS = {'nova': vconfig.NOVA_NS}


def resize_dir(inst_dir):
    return inst_dir + RESIZE_SUFFIX


_MOVE_TASK_STATES = ('resize_prep', 'resize_migrating', 'resize_migrated',
                     'resize_finish', 'resize_reverting',
                     'resize_confirming')


def in_move(instance):
    """True while a resize/cold migration of the instance is unfinished
    (its <uuid>_resize directory must then survive a destroy)."""
    task_state = (instance.task_state
                  if instance.obj_attr_is_set('task_state') else None)
    vm_state = (instance.vm_state
                if instance.obj_attr_is_set('vm_state') else None)
    return task_state in _MOVE_TASK_STATES or vm_state == 'resized'


def check_disks_not_shrinking(old_flavor, new_flavor):
    """Nova's rule: neither the root disk nor the ephemeral disk may get
    smaller (the guest is left as it is: a rollback, not an error)."""
    root_down = new_flavor.root_gb < old_flavor.root_gb
    ephemeral_down = new_flavor.ephemeral_gb < old_flavor.ephemeral_gb
    if root_down or ephemeral_down:
        raise exception.InstanceFaultRollback(exception.ResizeError(
            reason='Unable to resize disk down.'))


def files_to_copy(old_flavor, new_flavor):
    """The instance files the destination gets (besides libvirt.xml)."""
    names = [disks.ROOT, disks.EPHEMERAL]
    if (old_flavor.swap or 0) == (new_flavor.swap or 0):
        names.append(disks.SWAP)
    return names


def resized_domain_xml(xml, instance, disk_list):
    """The domain XML `xml` for the instance's (new) flavor: memory,
    vCPUs, CPU topology and the nova:flavor metadata follow
    instance.flavor; the disks are `disk_list` (see
    config.domain_xml). Everything else (NICs, consoles, graphics, the
    name and uuid) stays."""
    flavor = instance.flavor
    memory_kib = str(flavor.memory_mb * 1024)
    xml = rescue.replace_disks(xml, disk_list)
    root = ET.fromstring(xml)
    for tag in ('memory', 'currentMemory'):
        elem = root.find(tag)
        if elem is None:
            elem = ET.SubElement(root, tag)
        elem.text = memory_kib
        elem.set('unit', 'KiB')
    vcpu = root.find('vcpu')
    if vcpu is None:
        vcpu = ET.SubElement(root, 'vcpu')
    vcpu.text = str(flavor.vcpus)
    topology = root.find('cpu/topology')
    if topology is not None:
        topology.set('sockets', str(flavor.vcpus))
        topology.set('cores', '1')
        topology.set('threads', '1')
    meta = root.find('metadata/nova:instance/nova:flavor', _NS)
    if meta is not None:
        meta.set('name', flavor.name or '')
        for field, tag in (('memory_mb', 'memory'), ('root_gb', 'disk'),
                           ('swap', 'swap'), ('ephemeral_gb', 'ephemeral'),
                           ('vcpus', 'vcpus')):
            elem = meta.find('nova:%s' % tag, _NS)
            if elem is not None:
                elem.text = str(getattr(flavor, field) or 0)
    ET.indent(root)
    return ET.tostring(root, encoding='unicode')


def with_volume_disks(xml, block_device_info, volume_disks):
    """The domain XML `xml` with the <disk>s of the volumes of
    block_device_info (known by their <serial>, the volume id) replaced by
    `volume_disks` (<disk> XML strings of their connection on this host),
    after the local disks."""
    ids = {(bdm.get('connection_info') or {}).get('serial') or
           bdm.get('volume_id')
           for bdm in vvolumes.volume_mappings(block_device_info)}
    root = ET.fromstring(xml)
    devices = root.find('devices')
    for elem in list(devices.findall('disk')):
        if elem.findtext('serial') in ids:
            devices.remove(elem)
    children = list(devices)
    last_disk = max((i for i, c in enumerate(children) if c.tag == 'disk'),
                    default=-1)
    for offset, disk in enumerate(volume_disks):
        devices.insert(last_disk + 1 + offset, ET.fromstring(disk))
    ET.indent(root)
    return ET.tostring(root, encoding='unicode')


def _virtual_size(path, fmt):
    header = disks.qcow2_header(path) if fmt == 'qcow2' else None
    if header:
        return header[0]
    return disks.qemu_img_info(path, fmt)['virtual-size']


def grow(path, fmt, size_bytes):
    """qemu-img resize up to size_bytes; never shrinks. True if grown."""
    if not size_bytes or _virtual_size(path, fmt) >= size_bytes:
        return False
    disks.execute('qemu-img', 'resize', '-q', '-f', fmt, path,
                  str(size_bytes))
    return True


def copy_file(src, dst):
    """A local copy that keeps sparse files sparse."""
    disks.execute('cp', '--sparse=always', src, dst)


class MigrationMixin(object):

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info=None, block_device_info=None,
                                   timeout=0, retry_interval=0):
        check_disks_not_shrinking(instance.flavor, flavor)
        dom = self._host.get_domain(instance.uuid)
        definition = rescue.inactive_xml(dom)
        self.power_off(instance, timeout or CONF.shutdown_timeout,
                       retry_interval)
        # The volumes leave this host with the guest; the destination
        # connects them again.
        self.volumes.disconnect_all(instance, block_device_info)
        inst_dir = self.instance_dir(instance)
        moved = resize_dir(inst_dir)
        if os.path.exists(moved):
            # Left by an earlier attempt that failed before it finished.
            shutil.rmtree(moved)
        os.rename(inst_dir, moved)
        try:
            # What a revert defines again: the domain as it was just now.
            with open(os.path.join(moved, DOMAIN_XML), 'w') as f:
                f.write(definition)
            os.makedirs(inst_dir, mode=0o755)
            for name in files_to_copy(instance.flavor, flavor) + [
                    spawn_inputs.FILE]:
                src = os.path.join(moved, name)
                if os.path.exists(src):
                    copy_file(src, os.path.join(inst_dir, name))
            self._write_domain_xml(instance, definition)
        except Exception:
            LOG.exception('Copying the disks of %s for %s failed; putting '
                          'them back', instance.uuid, dest)
            shutil.rmtree(inst_dir, ignore_errors=True)
            os.rename(moved, inst_dir)
            raise
        LOG.info('Instance %s powered off, disks ready for %s (old files '
                 'in %s)', instance.uuid, dest, moved)

    def finish_migration(self, context, migration, instance, image_meta,
                         network_info=None, block_device_info=None,
                         power_on=True):
        flavor = instance.flavor
        inst_dir = self.instance_dir(instance)
        with open(os.path.join(inst_dir, DOMAIN_XML)) as f:
            old_xml = f.read()
        sources = rescue.disk_sources(old_xml)
        bus = (sources[0][2] if sources and sources[0][2] else 'virtio')
        root_fmt = (sources[0][3] if sources and sources[0][3] else 'qcow2')

        root = os.path.join(inst_dir, disks.ROOT)
        # A qcow2 overlay moved to a host without its base: cache the base
        # there (as Nova fetches it on the destination).
        self.image_cache.restore_backing_file(
            context, root, spawn_inputs.image_meta_for(
                instance, spawn_inputs.load(inst_dir)))
        if grow(root, root_fmt, flavor.root_gb * GiB):
            LOG.info('Instance %s: root disk grown to %d GiB', instance.uuid,
                     flavor.root_gb)
        disk_list = [{'path': root, 'format': root_fmt}]
        if flavor.ephemeral_gb:
            path = os.path.join(inst_dir, disks.EPHEMERAL)
            if os.path.exists(path):
                grow(path, 'qcow2', flavor.ephemeral_gb * GiB)
            else:
                disks.create_blank(path, flavor.ephemeral_gb * GiB)
            disk_list.append({'path': path, 'format': 'qcow2'})
        swap = os.path.join(inst_dir, disks.SWAP)
        if flavor.swap:
            if not os.path.exists(swap):
                base = self.image_cache.ensure_swap_base(flavor.swap)
                disks.create_overlay(base, swap, backing_fmt='raw')
            disk_list.append({'path': swap, 'format': 'qcow2'})
        elif os.path.exists(swap):
            os.unlink(swap)
        for index, disk in enumerate(disk_list):
            disk['bus'] = bus
            disk['dev'] = vconfig.disk_dev_name(bus, index)

        xml = resized_domain_xml(old_xml, instance, disk_list)
        xml = with_volume_disks(
            xml, block_device_info,
            self.volumes.connect_all(instance, block_device_info))
        self._write_domain_xml(instance, xml)
        try:
            vguest.destroy(self._host.get_domain(instance.uuid))
        except exception.InstanceNotFound:
            pass
        dom = self._define(xml, instance)
        if power_on:
            vguest.launch(dom)
        LOG.info('Instance %s: migrated guest defined with flavor %s%s',
                 instance.uuid, flavor.name,
                 ' and started' if power_on else '')

    def confirm_migration(self, context, migration, instance,
                          network_info=None):
        moved = resize_dir(self.instance_dir(instance))
        if os.path.exists(moved):
            shutil.rmtree(moved)
        LOG.info('Instance %s: resize confirmed, %s removed', instance.uuid,
                 moved)

    def finish_revert_migration(self, context, instance, network_info=None,
                                migration=None, block_device_info=None,
                                power_on=True):
        inst_dir = self.instance_dir(instance)
        moved = resize_dir(inst_dir)
        if os.path.exists(moved):
            if os.path.exists(inst_dir):
                shutil.rmtree(inst_dir)
            os.rename(moved, inst_dir)
        with open(os.path.join(inst_dir, DOMAIN_XML)) as f:
            xml = f.read()
        if block_device_info is not None:
            xml = with_volume_disks(
                xml, block_device_info,
                self.volumes.connect_all(instance, block_device_info))
        try:
            vguest.destroy(self._host.get_domain(instance.uuid))
        except exception.InstanceNotFound:
            pass
        dom = self._define(xml, instance)
        if power_on:
            vguest.launch(dom)
        LOG.info('Instance %s: resize reverted, old guest defined%s',
                 instance.uuid, ' and started' if power_on else '')
