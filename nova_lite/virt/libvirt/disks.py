"""Disk files: qemu-img wrappers, qcow2 header reading, per-instance disks.

An instance's directory (<instances_path>/<uuid>/) holds:
  disk       root disk: a qcow2 overlay on the cached base image (or a raw
             copy with [libvirt] images_type = raw/flat)
  disk.eph0  ephemeral disk (flavor ephemeral_gb), blank, unformatted
  disk.swap  swap disk (flavor swap MiB), a qcow2 overlay on a cached
             mkswap'ed raw base "_base/swap_<MiB>"
"""
import json
import os
import struct
import subprocess

from nova_lite import exception

GiB = 1024 ** 3
MiB = 1024 ** 2

ROOT = 'disk'
EPHEMERAL = 'disk.eph0'
SWAP = 'disk.swap'


def execute(*cmd):
    """Run a command, return stdout; exception.DiskError with its stderr on failure."""
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    if proc.returncode != 0:
        raise exception.DiskError(reason='%s: %s' % (' '.join(cmd),
                                           proc.stderr.strip()))
    return proc.stdout


def qemu_img_info(path, fmt=None):
    """`qemu-img info --output=json` as a dict (force-share: works on
    disks a running guest holds)."""
    cmd = ['qemu-img', 'info', '-U', '--output=json']
    if fmt:
        cmd += ['-f', fmt]
    return json.loads(execute(*(cmd + [path])))


def qcow2_header(path):
    """(virtual_size, backing_file or None) read from a qcow2 header;
    None when the file is not qcow2. Cheap: no qemu-img process."""
    try:
        with open(path, 'rb') as f:
            header = f.read(32)
            if len(header) < 32 or header[:4] != b'QFI\xfb':
                return None
            offset, = struct.unpack('>Q', header[8:16])
            length, = struct.unpack('>I', header[16:20])
            size, = struct.unpack('>Q', header[24:32])
            backing = None
            if offset and length:
                f.seek(offset)
                backing = f.read(length).decode('utf-8', 'replace')
            return size, backing
    except OSError:
        return None


def create_overlay(base, path, size_bytes=None, backing_fmt='qcow2'):
    cmd = ['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', base,
           '-F', backing_fmt, path]
    if size_bytes:
        cmd.append(str(size_bytes))
    execute(*cmd)


def create_blank(path, size_bytes, fmt='qcow2'):
    execute('qemu-img', 'create', '-q', '-f', fmt, path, str(size_bytes))


def copy_to_raw(base, path, size_bytes=None):
    execute('qemu-img', 'convert', '-O', 'raw', base, path)
    if size_bytes:
        execute('qemu-img', 'resize', '-q', '-f', 'raw', path,
                str(size_bytes))


def create_swap_base(path, size_mb):
    """A sparse raw file formatted as swap (written to a temp name first)."""
    tmp = '%s.part.%d' % (path, os.getpid())
    try:
        with open(tmp, 'wb') as f:
            f.truncate(size_mb * MiB)
        execute('mkswap', tmp)
        os.rename(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def root_size_bytes(root_gb, image_virtual_size):
    """Bytes of the root disk: the flavor's root_gb, or the image's virtual
    size when root_gb is 0. Raises when the image does not fit."""
    if not root_gb:
        return image_virtual_size
    size = root_gb * GiB
    if image_virtual_size and image_virtual_size > size:
        raise exception.FlavorDiskSmallerThanImage(flavor_size=size,
                                         image_size=image_virtual_size)
    return size


def over_committed_bytes(path):
    """Virtual size minus allocated bytes of a sparse/qcow2 disk file: what
    it may still grow by (disk_available_least accounting)."""
    try:
        st = os.stat(path)
    except OSError:
        return 0
    header = qcow2_header(path)
    virtual = header[0] if header else st.st_size
    return max(0, virtual - st.st_blocks * 512)
