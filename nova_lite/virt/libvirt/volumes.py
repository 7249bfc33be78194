"""Cinder volumes of libvirt guests: the host connector, hot-plug and
unplug, extend, and the volume disks of a domain built at spawn or hard
reboot, keeping the guest's saved definition in step.

A volume disk is the <disk> its volume driver (nova_lite.virt.libvirt.
volume) gives for the connection_info, with the volume id as <serial>;
the target dev is the basename of the BDM's device name (/dev/vdb ->
vdb).

Detach is Nova's: the device goes from the persistent definition, then
from the live guest, which has to acknowledge the unplug (ACPI eject);
libvirt reports it with a DEVICE_REMOVED event (nova_lite.virt.libvirt.
host). Each attempt waits [libvirt] device_detach_timeout seconds for it
(also checking the live XML, which the event may have outrun) and the
unplug is asked again up to [libvirt] device_detach_attempts times; then
DeviceDetachFailed. Only after the removal is the volume disconnected
from the host.
"""
import os
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt.libvirt import guest as vguest
from nova_lite.virt.libvirt import volume_swap
from nova_lite.virt.libvirt import volume as vvolume
from nova_lite.virt.libvirt.volume import brick

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

LOG = logging.getLogger(__name__)


def target_dev(mountpoint):
    return os.path.basename(mountpoint or '')


def volume_mappings(block_device_info):
    """The volume BDMs of a driver block_device_info, the boot volume
    (boot_index 0) first."""
    bdms = list((block_device_info or {}).get('block_device_mapping') or [])
    return sorted(bdms, key=lambda b: (b.get('boot_index') != 0,
                                       b.get('mount_device') or ''))


def boot_volume(block_device_info):
    """The BDM whose volume the guest boots from, or None."""
    for bdm in volume_mappings(block_device_info):
        if bdm.get('boot_index') == 0:
            return bdm
    return None


def _disk_info(bdm_or_mountpoint, disk_bus=None, device_type=None):
    if isinstance(bdm_or_mountpoint, dict):
        bdm = bdm_or_mountpoint
        return {'dev': target_dev(bdm.get('mount_device')),
                'bus': bdm.get('disk_bus') or 'virtio',
                'type': bdm.get('device_type') or 'disk'}
    return {'dev': target_dev(bdm_or_mountpoint), 'bus': disk_bus or 'virtio',
            'type': device_type or 'disk'}


def disks_by_dev(xml):
    """{target dev: <disk> element} of a domain XML."""
    root = ET.fromstring(xml)
    found = {}
    for disk in root.findall('devices/disk'):
        target = disk.find('target')
        if target is not None and target.get('dev'):
            found[target.get('dev')] = disk
    return found


def saved_volume_disks(xml, instance_dir):
    """The volume disks of a saved domain definition: those whose source
    is not one of the instance's own files (kept by a hard reboot that
    got no block_device_info)."""
    result = []
    for disk in disks_by_dev(xml).values():
        source = disk.find('source')
        path = None if source is None else (source.get('file') or
                                            source.get('dev'))
        if disk.get('type') == 'network' or (
                path and not path.startswith(instance_dir + os.sep)):
            result.append(ET.tostring(disk, encoding='unicode'))
    return result


class GuestVolumes(object):
    """host: nova_lite.virt.libvirt.host.Host; get_domain(instance) ->
    virDomain; save_definition(instance, xml) keeps the XML a
    redefinition uses; conf: the config (its [libvirt] options)."""

    def __init__(self, host, get_domain, save_definition, conf):
        self._host = host
        self._get_domain = get_domain
        self._save_definition = save_definition
        self._conf = conf

    # -- host side -------------------------------------------------------

    def connector(self, instance=None):
        return brick.connector_properties(self._conf,
                                          self._host.hostname or
                                          self._conf.host)

    def _connect(self, connection_info, instance):
        driver = vvolume.driver_for(connection_info, self._conf)
        driver.connect_volume(connection_info, instance)
        return driver

    def _disconnect(self, connection_info, instance):
        try:
            vvolume.driver_for(connection_info, self._conf) \
                .disconnect_volume(connection_info, instance)
        except Exception:
            LOG.exception('Disconnecting volume %s from this host failed',
                          connection_info.get('serial'))

    # -- hot-plug ----------------------------------------------------------

    def attach(self, connection_info, instance, mountpoint, disk_bus=None,
               device_type=None):
        dev = target_dev(mountpoint)
        dom = self._get_domain(instance)
        if dev in disks_by_dev(dom.XMLDesc(0)):
            raise exception.InvalidInput(
                reason='instance %s already has a disk %s' % (
                    instance.uuid, dev))
        driver = self._connect(connection_info, instance)
        try:
            xml = driver.get_config(connection_info, _disk_info(
                mountpoint, disk_bus, device_type))
            dom.attachDeviceFlags(xml, vguest.affect_flags(dom))
        except Exception:
            LOG.exception('Attaching volume %s to %s as %s failed',
                          connection_info.get('serial'), instance.uuid, dev)
            self._disconnect(connection_info, instance)
            raise
        self._save(instance, dom)
        LOG.info('Volume %s attached to %s as %s',
                 connection_info.get('serial'), instance.uuid, dev)

    def detach(self, connection_info, instance, mountpoint):
        dev = target_dev(mountpoint)
        try:
            dom = self._get_domain(instance)
        except exception.InstanceNotFound:
            LOG.warning('Instance %s has no domain; disconnecting volume %s',
                        instance.uuid, connection_info.get('serial'))
            self._disconnect(connection_info, instance)
            return
        persistent = disks_by_dev(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
        if dev in persistent:
            dom.detachDeviceFlags(ET.tostring(persistent[dev],
                                              encoding='unicode'),
                                  libvirt.VIR_DOMAIN_AFFECT_CONFIG)
        if dom.isActive():
            live = disks_by_dev(dom.XMLDesc(0))
            if dev in live:
                self._detach_live(dom, instance, dev, live[dev])
        elif dev not in persistent:
            LOG.warning('Instance %s has no disk %s to detach',
                        instance.uuid, dev)
        self._save(instance, dom)
        self._disconnect(connection_info, instance)
        LOG.info('Volume %s detached from %s (%s)',
                 connection_info.get('serial'), instance.uuid, dev)

    def _detach_live(self, dom, instance, dev, disk):
        xml = ET.tostring(disk, encoding='unicode')
        alias = disk.find('alias')
        alias = alias.get('name') if alias is not None else None
        opts = self._conf.libvirt
        for attempt in range(1, opts.device_detach_attempts + 1):
            waiter = self._host.expect_device_removal(dom.UUIDString(),
                                                      alias)
            try:
                try:
                    dom.detachDeviceFlags(xml,
                                          libvirt.VIR_DOMAIN_AFFECT_LIVE)
                except libvirt.libvirtError as exc:
                    if dev not in disks_by_dev(dom.XMLDesc(0)):
                        return      # gone meanwhile
                    LOG.warning('Detach of %s from %s refused (attempt '
                                '%d): %s', dev, instance.uuid, attempt, exc)
                    # e.g. an unplug still in progress: wait and ask again
                result = waiter.wait(opts.device_detach_timeout,
                                     lambda: dev not in disks_by_dev(
                                         dom.XMLDesc(0)))
            finally:
                self._host.forget_device_waiter(waiter)
            if result == 'removed':
                return
            if result == 'failed':
                LOG.warning('Guest refused to release %s of %s (attempt %d)',
                            dev, instance.uuid, attempt)
            else:
                LOG.warning('No removal of %s from %s within %s s (attempt '
                            '%d)', dev, instance.uuid,
                            opts.device_detach_timeout, attempt)
        raise exception.DeviceDetachFailed(
            device=dev, reason='the guest did not release it after %d '
                               'attempts' % opts.device_detach_attempts)

    def extend(self, connection_info, instance, requested_size):
        """Grow the guest's view of the volume to its new size."""
        driver = vvolume.driver_for(connection_info, self._conf)
        new_size = driver.extend_volume(connection_info, instance,
                                        requested_size) or requested_size
        dom = self._get_domain(instance)
        serial = connection_info.get('serial')
        dev = None
        for name, disk in disks_by_dev(dom.XMLDesc(0)).items():
            if disk.findtext('serial') == serial:
                dev = name
        if dev is None:
            raise exception.VolumeNotFound(volume_id=serial)
        if dom.isActive():
            dom.blockResize(dev, int(new_size),
                            libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES)
        LOG.info('Volume %s of %s (%s) resized to %s bytes', serial,
                 instance.uuid, dev, new_size)
        return new_size

    def swap(self, old_info, new_info, instance, mountpoint, resize_to):
        """Move the guest's disk at `mountpoint` onto the new volume
        (nova_lite.virt.libvirt.volume_swap), then disconnect the old."""
        dev = target_dev(mountpoint)
        dom = self._get_domain(instance)
        live = disks_by_dev(dom.XMLDesc(0))
        if dev not in live:
            raise exception.VolumeNotFound(volume_id=old_info.get('serial'))
        driver = self._connect(new_info, instance)
        try:
            new_disk = driver.disk_element(new_info, {
                'dev': dev, 'bus': live[dev].find('target').get('bus'),
                'type': live[dev].get('device')})
            if dom.isActive():
                defined = volume_swap.swap(
                    self._host.get_connection(), dom, dev, new_disk,
                    resize_to)
            else:
                defined = volume_swap.replace_disk(
                    dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE), dev,
                    new_disk)
                self._host.get_connection().defineXML(defined)
        except Exception:
            self._disconnect(new_info, instance)
            raise
        self._save_definition(instance, defined)
        self._disconnect(old_info, instance)
        LOG.info('Volume %s of %s (%s) swapped to %s',
                 old_info.get('serial'), instance.uuid, dev,
                 new_info.get('serial'))

    # -- domain definition -------------------------------------------------

    def connect_all(self, instance, block_device_info):
        """Connect every volume of block_device_info; their <disk> XML
        strings, the boot volume first. Disconnects them all if one
        fails."""
        done, disks = [], []
        try:
            for bdm in volume_mappings(block_device_info):
                info = bdm['connection_info']
                driver = self._connect(info, instance)
                done.append(info)
                disks.append(driver.get_config(info, _disk_info(bdm)))
        except Exception:
            for info in done:
                self._disconnect(info, instance)
            raise
        return disks

    def disconnect_all(self, instance, block_device_info):
        for bdm in volume_mappings(block_device_info):
            if bdm.get('connection_info'):
                self._disconnect(bdm['connection_info'], instance)

    def _save(self, instance, dom):
        self._save_definition(instance,
                              dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
