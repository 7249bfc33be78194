"""Snapshots of a libvirt guest's root disk (createImage, createBackup,
shelve), uploaded to the image service as a standalone qcow2.

A cold snapshot, consistent without help from the guest: a running guest
is paused first (QEMU drains and flushes its block devices when the VM
stops), `qemu-img convert -U -O qcow2` flattens the root disk (overlay
and backing file) into <instances_path>/snapshots/<tmp>/, and the guest
resumes at once, before the upload. A paused, suspended (managed-saved)
or stopped guest is read as it is.

Mixed into LibvirtDriver (uses self._host and self.instance_dir).
"""
import contextlib
import os
import shutil
import tempfile
import time

from oslo_log import log as logging

from nova_lite.compute import task_states
from nova_lite.virt.libvirt import disks
from nova_lite.virt.libvirt import guest as vguest

LOG = logging.getLogger(__name__)

SNAPSHOTS_DIR = 'snapshots'
SNAPSHOT_FORMAT = 'qcow2'


def upload(context, image_id, path, image_meta):
    """Upload `path` as the data of the queued image `image_id`."""
    from nova_lite.image import api as image_api
    return image_api.API().upload(context, image_id, path,
                                  image_meta=image_meta)


@contextlib.contextmanager
def paused(dom, instance_uuid):
    """Pause a running guest for the duration (its disks quiet and
    flushed); leave a guest in any other state as it is."""
    if vguest.state(dom) not in (vguest.VIR_DOMAIN_RUNNING,
                                 vguest.VIR_DOMAIN_BLOCKED):
        yield
        return
    dom.suspend()
    LOG.info('Guest %s paused for its snapshot', instance_uuid)
    try:
        yield
    finally:
        dom.resume()
        LOG.info('Guest %s resumed after its snapshot', instance_uuid)


def extract_root_disk(root_path, dest_path):
    """A standalone qcow2 of the root disk (backing chain flattened);
    -U reads a disk a running QEMU still holds locked."""
    header = disks.qcow2_header(root_path)
    source_format = 'qcow2' if header else 'raw'
    disks.execute('qemu-img', 'convert', '-U', '-f', source_format,
                  '-O', SNAPSHOT_FORMAT, root_path, dest_path)


class SnapshotMixin(object):

    def _snapshots_dir(self):
        from nova_lite.virt.libvirt import driver as libvirt_driver
        path = os.path.join(libvirt_driver.instances_path(), SNAPSHOTS_DIR)
        os.makedirs(path, mode=0o755, exist_ok=True)
        return path

    def snapshot(self, context, instance, image_id, update_task_state):
        dom = self._host.get_domain(instance.uuid)
        root = os.path.join(self.instance_dir(instance), disks.ROOT)
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        workdir = tempfile.mkdtemp(dir=self._snapshots_dir())
        try:
            out = os.path.join(workdir, image_id)
            started = time.monotonic()
            with paused(dom, instance.uuid):
                extract_root_disk(root, out)
            LOG.info('Root disk of %s extracted for image %s in %.2f s '
                     '(%d bytes)', instance.uuid, image_id,
                     time.monotonic() - started, os.path.getsize(out))
            update_task_state(
                task_state=task_states.IMAGE_UPLOADING,
                expected_state=task_states.IMAGE_PENDING_UPLOAD)
            upload(context, image_id, out, {
                'disk_format': SNAPSHOT_FORMAT, 'container_format': 'bare'})
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        LOG.info('Snapshot of %s uploaded as image %s', instance.uuid,
                 image_id)
