"""Assisted snapshots of a guest's volume (Nova's libvirt
volume_snapshot_create / volume_snapshot_delete), for Cinder's remotefs
drivers (NFS) that cannot snapshot a file an attached guest writes to.

Create: Cinder has already made create_info['new_file'], a qcow2 whose
backing file is the volume's current file, in the same directory. The
guest's disk with the volume's serial moves onto it by an external,
disk-only snapshot that reuses that file and keeps no snapshot metadata
in libvirt (the other disks are left out); from then on the guest writes
to the new file and the old one is the snapshot's frozen data.

Delete (delete_info from Cinder, names relative to the volume's
directory): with no merge_target_file the data of file_to_merge (or of
the whole backing chain when it is None) is pulled into the active file
(blockRebase; qemu-img rebase when the guest is not running); otherwise
file_to_merge is committed down into merge_target_file (blockCommit).
Either waits for libvirt's block job to end.

Only the domain is touched here: reporting to Cinder and refreshing the
volume's connection info is the compute manager's part.
"""
import os
import time
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt.libvirt import disks

try:
    import libvirt
except ImportError:  # pragma: no cover - depends on the machine
    libvirt = None

LOG = logging.getLogger(__name__)
POLL = 0.5
# How long a block pull or commit may run (Cinder itself waits two hours
# for a delete).
JOB_TIMEOUT = 7200


def volume_disk(xml, volume_id):
    """(target dev, <disk> element) of the volume whose <serial> is
    `volume_id` in a domain XML; InternalError when there is none."""
    for disk in ET.fromstring(xml).findall('devices/disk'):
        target = disk.find('target')
        if disk.get('device', 'disk') != 'disk' or target is None or \
                not target.get('dev'):
            continue
        if disk.findtext('serial') == volume_id:
            return target.get('dev'), disk
    raise exception.InternalError(
        "Disk with id '%s' not found attached to instance." % volume_id)


def _source_file(disk):
    source = disk.find('source')
    return None if source is None else source.get('file')


def snapshot_xml(xml, volume_id, new_file):
    """The <domainsnapshot> putting the volume's disk onto `new_file`
    (in the directory of its current file), every other disk left out."""
    dev, disk = volume_disk(xml, volume_id)
    current = _source_file(disk)
    if not current:
        raise NotImplementedError(
            'assisted snapshots need a file-backed volume; disk %s is a '
            '%s disk' % (dev, disk.get('type')))
    snapshot = ET.Element('domainsnapshot')
    listed = ET.SubElement(snapshot, 'disks')
    for other in ET.fromstring(xml).findall('devices/disk'):
        target = other.find('target')
        if target is None or not target.get('dev'):
            continue
        if target.get('dev') != dev:
            ET.SubElement(listed, 'disk', name=target.get('dev'),
                          snapshot='no')
            continue
        item = ET.SubElement(listed, 'disk', name=dev, snapshot='external',
                             type='file')
        ET.SubElement(item, 'driver', type='qcow2')
        ET.SubElement(item, 'source', file=os.path.join(
            os.path.dirname(current), os.path.basename(new_file)))
    return ET.tostring(snapshot, encoding='unicode')


def _wait_for_job(dom, dev, what):
    """Until the block job on `dev` is gone (finished)."""
    deadline = time.monotonic() + JOB_TIMEOUT
    while True:
        info = dom.blockJobInfo(dev, 0)
        if not info:
            return
        if time.monotonic() >= deadline:
            raise exception.InternalError(
                '%s of disk %s did not finish within %s s' % (
                    what, dev, JOB_TIMEOUT))
        LOG.debug('Waiting for the %s of %s (%s/%s)', what, dev,
                  info.get('cur'), info.get('end'))
        time.sleep(POLL)


def _rebase_offline(active_path, base):
    """qemu-img rebase of a guest's disk file that is not in use: onto
    `base` (a name in the same directory, with its format given), or onto
    nothing (the chain's data copied in)."""
    if base is None:
        disks.execute('qemu-img', 'rebase', '-b', '', active_path)
        return
    base_path = os.path.join(os.path.dirname(active_path),
                             os.path.basename(base))
    fmt = disks.qemu_img_info(base_path)['format']
    disks.execute('qemu-img', 'rebase', '-b', base, '-F', fmt, active_path)


class VolumeSnapshots(object):
    """get_domain(instance) -> virDomain; save_definition(instance, xml)
    keeps the XML a redefinition uses."""

    def __init__(self, get_domain, save_definition):
        self._get_domain = get_domain
        self._save_definition = save_definition

    def _domain(self, instance):
        try:
            return self._get_domain(instance)
        except exception.InstanceNotFound:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)

    def _save(self, instance, dom):
        self._save_definition(
            instance, dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))

    def create(self, instance, volume_id, create_info):
        if create_info.get('type') != 'qcow2':
            raise exception.InternalError(
                'Unknown type: %s' % create_info.get('type'))
        if not create_info.get('snapshot_id'):
            raise exception.InternalError(
                'snapshot_id required in create_info')
        dom = self._domain(instance)
        xml = snapshot_xml(dom.XMLDesc(0), volume_id,
                           create_info['new_file'])
        flags = (libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                 libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA |
                 libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT)
        LOG.debug('Snapshot of volume %s of %s: %s', volume_id,
                  instance.uuid, xml)
        dom.snapshotCreateXML(xml, flags)
        self._save(instance, dom)
        LOG.info('Volume %s of instance %s now writes to %s (snapshot %s)',
                 volume_id, instance.uuid, create_info['new_file'],
                 create_info['snapshot_id'])

    def delete(self, instance, volume_id, snapshot_id, delete_info):
        if delete_info.get('type') != 'qcow2':
            raise exception.InternalError(
                'Unknown delete_info type %s' % delete_info.get('type'))
        dom = self._domain(instance)
        dev, disk = volume_disk(dom.XMLDesc(0), volume_id)
        active = _source_file(disk)
        if not active:
            raise NotImplementedError(
                'assisted snapshots need a file-backed volume; disk %s is '
                'a %s disk' % (dev, disk.get('type')))
        to_merge = delete_info.get('file_to_merge')
        target = delete_info.get('merge_target_file')
        if target is None:
            # Pull file_to_merge (None: the whole chain) into the active
            # file.
            if dom.isActive():
                flags = (libvirt.VIR_DOMAIN_BLOCK_REBASE_RELATIVE
                         if to_merge is not None else 0)
                dom.blockRebase(dev, to_merge, 0, flags)
                _wait_for_job(dom, dev, 'block pull')
            else:
                _rebase_offline(active, to_merge)
        else:
            dom.blockCommit(dev, target, to_merge, 0,
                            libvirt.VIR_DOMAIN_BLOCK_COMMIT_RELATIVE)
            _wait_for_job(dom, dev, 'block commit')
        self._save(instance, dom)
        LOG.info('Snapshot %s of volume %s of instance %s merged (%s into '
                 '%s)', snapshot_id, volume_id, instance.uuid,
                 to_merge, target or 'the active file')
