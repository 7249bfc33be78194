"""Rescue, unrescue and crash dumps for the libvirt driver.

Rescue, as Nova's libvirt driver does it: the instance keeps its disks;
the domain's persistent definition is saved to <instance dir>/unrescue.xml,
a rescue disk "disk.rescue" is made (a qcow2 overlay on the cached base of
the rescue image, or of the instance's own image when none is given, at
the image's own size) and the domain is redefined with the rescue disk
first and the original root disk second (ephemeral and swap disks are
left out), then started. Unrescue redefines the saved domain, starts it
and removes unrescue.xml and every *.rescue file.

Mixed into LibvirtDriver (uses self._host, self.image_cache,
self.instance_dir, self._define, self._get_or_redefine).
"""
import glob
import os
import shutil
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import disks
from nova_lite.virt.libvirt import guest as vguest

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

LOG = logging.getLogger(__name__)

UNRESCUE_XML = 'unrescue.xml'
RESCUE_DISK = 'disk.rescue'
DOMAIN_XML = 'libvirt.xml'
# virDomainXMLFlags VIR_DOMAIN_XML_INACTIVE: the persistent definition,
# not the live one (no runtime ports, aliases or labels).
XML_INACTIVE = 2


def inactive_xml(dom):
    return dom.XMLDesc(XML_INACTIVE)


def _disk_elements(disk_list):
    holder = ET.Element('devices')
    for disk in disk_list:
        vconfig._disk(holder, disk)
    return list(holder)


def replace_disks(xml, disk_list, keep=lambda elem: False):
    """The domain XML `xml` with its <disk> elements replaced by freshly
    built ones for `disk_list` (no PCI addresses: libvirt assigns them in
    list order, so the first disk is the first one the BIOS finds).
    Disks for which keep(elem) is true stay, after the new ones."""
    root = ET.fromstring(xml)
    devices = root.find('devices')
    children = list(devices)
    old = [c for c in children if c.tag == 'disk']
    position = children.index(old[0]) if old else len(
        [c for c in children if c.tag in ('emulator', 'controller')])
    for elem in old:
        if not keep(elem):
            devices.remove(elem)
    for offset, elem in enumerate(_disk_elements(disk_list)):
        devices.insert(position + offset, elem)
    ET.indent(root)
    return ET.tostring(root, encoding='unicode')


def disk_sources(xml):
    """[(source file, target dev, bus, driver type)] of the file disks."""
    root = ET.fromstring(xml)
    result = []
    for elem in root.findall('devices/disk'):
        source = elem.find('source')
        target = elem.find('target')
        driver = elem.find('driver')
        result.append((source.get('file') if source is not None else None,
                       target.get('dev') if target is not None else None,
                       target.get('bus') if target is not None else None,
                       driver.get('type') if driver is not None else None))
    return result


def rescue_domain_xml(xml, rescue_disk, root_disk):
    """The rescue domain from the instance's domain XML: the rescue disk
    (vda) then the original root disk (vdb), on the root disk's bus; the
    instance's other disks are not attached. rescue_disk/root_disk:
    {'path', 'format'}."""
    sources = disk_sources(xml)
    bus = (sources[0][2] if sources and sources[0][2] else 'virtio')
    disk_list = []
    for index, disk in enumerate((rescue_disk, root_disk)):
        disk_list.append({'path': disk['path'], 'format': disk['format'],
                          'bus': bus,
                          'dev': vconfig.disk_dev_name(bus, index)})
    return replace_disks(xml, disk_list)


class RescueMixin(object):

    def _write_domain_xml(self, instance, xml, name=DOMAIN_XML):
        path = os.path.join(self.instance_dir(instance), name)
        tmp = path + '.tmp'
        with open(tmp, 'w') as f:
            f.write(xml)
        os.replace(tmp, path)

    def rescue(self, context, instance, image_meta, rescue_password):
        inst_dir = self.instance_dir(instance)
        dom = self._get_or_redefine(instance)
        unrescue_path = os.path.join(inst_dir, UNRESCUE_XML)
        if os.path.exists(unrescue_path):
            # A rescue that failed half way: the saved definition is the
            # instance's own one, the domain's may be the rescue domain.
            with open(unrescue_path) as f:
                original = f.read()
        else:
            original = inactive_xml(dom)
            self._write_domain_xml(instance, original, UNRESCUE_XML)
        if rescue_password:
            LOG.debug('Instance %s: the rescue password is not injected '
                      '(no file injection)', instance.uuid)

        image_meta = dict(image_meta or {})
        if not image_meta.get('id'):
            image_meta['id'] = instance.image_ref
        if not image_meta['id']:
            raise exception.InstanceNotRescuable(
                instance_id=instance.uuid, reason='no image to rescue from')
        base = self.image_cache.fetch_base(context, image_meta)
        rescue_path = os.path.join(inst_dir, RESCUE_DISK)
        if os.path.exists(rescue_path):
            os.unlink(rescue_path)
        # At the image's own size, as Nova makes the rescue disk.
        disks.create_overlay(base, rescue_path)

        sources = disk_sources(original)
        root_path, _dev, _bus, root_fmt = sources[0] if sources else (
            os.path.join(inst_dir, disks.ROOT), None, None, 'qcow2')
        xml = rescue_domain_xml(
            original, {'path': rescue_path, 'format': 'qcow2'},
            {'path': root_path, 'format': root_fmt or 'qcow2'})
        vguest.destroy(dom)
        if dom.hasManagedSaveImage(0):
            dom.managedSaveRemove(0)  # its memory is not the rescue's
        self._write_domain_xml(instance, xml)
        dom = self._define(xml, instance)
        vguest.launch(dom)
        LOG.info('Instance %s rescued from image %s', instance.uuid,
                 image_meta['id'])

    def unrescue(self, context, instance):
        inst_dir = self.instance_dir(instance)
        unrescue_path = os.path.join(inst_dir, UNRESCUE_XML)
        if not os.path.exists(unrescue_path):
            raise exception.InstanceInvalidState(
                action='unrescue', instance_uuid=instance.uuid,
                attr='rescue definition', state='missing')
        with open(unrescue_path) as f:
            xml = f.read()
        try:
            vguest.destroy(self._host.get_domain(instance.uuid))
        except exception.InstanceNotFound:
            pass
        self._write_domain_xml(instance, xml)
        dom = self._define(xml, instance)
        vguest.launch(dom)
        os.unlink(unrescue_path)
        for path in glob.glob(os.path.join(inst_dir, '*.rescue')):
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        LOG.info('Instance %s unrescued', instance.uuid)

    def trigger_crash_dump(self, instance):
        dom = self._host.get_domain(instance.uuid)
        try:
            dom.injectNMI(0)
        except libvirt.libvirtError as exc:
            code = exc.get_error_code()
            if code == libvirt.VIR_ERR_NO_SUPPORT:
                raise exception.TriggerCrashDumpNotSupported()
            if code == libvirt.VIR_ERR_OPERATION_INVALID:
                raise exception.InstanceNotRunning(instance_id=instance.uuid)
            raise exception.NovaLiteException(
                'Error from libvirt while injecting an NMI to %s: %s' %
                (instance.uuid, exc))
        LOG.info('NMI injected into instance %s', instance.uuid)
