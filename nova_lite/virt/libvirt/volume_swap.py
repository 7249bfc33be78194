"""Swapping the volume under a running guest's disk (Nova's libvirt
swap_volume): QEMU mirrors the disk onto the new volume and pivots to it
while the guest keeps running.

libvirt only copies the disk of a transient domain, so the persistent
definition is taken away for the copy (the guest keeps running) and put
back afterwards: with the new volume's <disk> when the pivot happened,
as it was otherwise. The new volume is connected first (and disconnected
again if the swap fails); the caller disconnects the old one.
File and block volumes only (network disks such as RBD have no host
path to copy to).
"""
import time
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import exception

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

LOG = logging.getLogger(__name__)
GiB = 1024 ** 3
POLL = 0.5


def replace_disk(xml, dev, new_disk):
    """The domain XML with the <disk> of target `dev` replaced."""
    root = ET.fromstring(xml)
    devices = root.find('devices')
    for index, disk in enumerate(list(devices)):
        target = disk.find('target') if disk.tag == 'disk' else None
        if target is not None and target.get('dev') == dev:
            devices.remove(disk)
            devices.insert(index, new_disk)
            return ET.tostring(root, encoding='unicode')
    raise exception.VolumeNotFound(volume_id=dev)


def _wait_job_ready(dom, dev, timeout):
    """Until the copy job of `dev` mirrors the whole disk."""
    deadline = time.monotonic() + timeout
    while True:
        info = dom.blockJobInfo(dev, 0)
        if not info:
            raise exception.NovaLiteException(
                'the copy job of %s ended before the pivot' % dev)
        if info.get('end') and info.get('cur') == info.get('end'):
            return
        if time.monotonic() >= deadline:
            raise exception.NovaLiteException(
                'copying %s did not finish within %s s' % (dev, timeout))
        time.sleep(POLL)


def swap(conn, dom, dev, new_disk, resize_to=0, timeout=600):
    """Mirror disk `dev` of the running `dom` onto the file or block
    device of `new_disk` (a <disk> element) and pivot; grow it to
    `resize_to` GiB when given. Returns the persistent XML defined
    afterwards."""
    source = new_disk.find('source')
    path = None if source is None else (source.get('file') or
                                        source.get('dev'))
    if not path:
        raise NotImplementedError(
            'swap_volume needs a volume with a host path (file or block); '
            'a %s disk cannot be mirrored to' % new_disk.get('type'))
    raw = (new_disk.find('driver') is not None and
           new_disk.find('driver').get('type') == 'raw')
    persistent = dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE |
                             libvirt.VIR_DOMAIN_XML_SECURE)
    dom.undefineFlags(0)        # a transient domain, still running
    defined = persistent
    try:
        flags = (libvirt.VIR_DOMAIN_BLOCK_REBASE_COPY |
                 libvirt.VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT)
        if raw:
            flags |= libvirt.VIR_DOMAIN_BLOCK_REBASE_COPY_RAW
        dom.blockRebase(dev, path, 0, flags)
        try:
            _wait_job_ready(dom, dev, timeout)
            dom.blockJobAbort(dev, libvirt.VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT)
        except Exception:
            try:
                dom.blockJobAbort(dev, 0)   # stay on the old volume
            except libvirt.libvirtError:
                pass
            raise
        defined = replace_disk(persistent, dev, new_disk)
        if resize_to:
            dom.blockResize(dev, int(resize_to) * GiB,
                            libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES)
    finally:
        conn.defineXML(defined)
    LOG.info('Disk %s of %s now on %s', dev, dom.UUIDString(), path)
    return defined
