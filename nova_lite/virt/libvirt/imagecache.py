"""Base images cached per host under <instances_path>/_base/.

A base is named after the sha1 of its image id (as in Nova), downloaded
once through a fetch callable ``fetch(context, image_id, dest_path)``,
checked against the image's checksum, inspected (no backing file, format
as declared) and kept as qcow2 (raw and other formats are converted).
Concurrent fetches of one image serialize on a lock (a thread lock plus an
flock on a lock file, so two processes sharing the directory also download
once); different images download in parallel.

Cleanup removes bases no instance uses that have been unused for longer
than a given age. "Last used" is the file's mtime, refreshed whenever a
base is found in use (spawn, cleanup pass).
"""
import contextlib
import fcntl
import hashlib
import os
import threading
import time
import uuid

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt.libvirt import disks

LOG = logging.getLogger(__name__)

# Declared disk_format -> what qemu-img probes for it.
_PROBED_FORMAT = {'qcow2': 'qcow2', 'raw': 'raw', 'vmdk': 'vmdk',
                  'vdi': 'vdi', 'vhd': 'vpc', 'vhdx': 'vhdx'}


def base_name(image_id):
    return hashlib.sha1(image_id.encode('utf-8')).hexdigest()


def file_hash(path, algo):
    digest = hashlib.new(algo)
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b''):
            digest.update(chunk)
    return digest.hexdigest()


def verify_checksum(path, image_meta):
    """Multihash (os_hash_algo/os_hash_value) if given, else md5
    `checksum`; nothing to check when neither is set."""
    image_id = image_meta.get('id')
    algo = image_meta.get('os_hash_algo')
    expected = image_meta.get('os_hash_value')
    if not (algo and expected):
        algo, expected = 'md5', image_meta.get('checksum')
    if not expected:
        return
    try:
        actual = file_hash(path, algo)
    except ValueError:
        raise exception.ImageUnacceptable(image_id=image_id,
                                reason='unknown hash algorithm %s' % algo)
    if actual != expected.lower():
        raise exception.ImageChecksumMismatch(image_id=image_id, algo=algo,
                                    actual=actual, expected=expected)


class ImageCache(object):
    def __init__(self, base_dir, fetch):
        self.base_dir = base_dir
        self._fetch = fetch
        self._locks = {}
        self._locks_guard = threading.Lock()

    def base_path(self, image_id):
        return os.path.join(self.base_dir, base_name(image_id))

    @contextlib.contextmanager
    def lock(self, name):
        """Serialize work on one base file, across threads and processes."""
        with self._locks_guard:
            thread_lock = self._locks.setdefault(name, threading.Lock())
        with thread_lock:
            os.makedirs(self.base_dir, exist_ok=True)
            with open(os.path.join(self.base_dir, '.%s.lock' % name),
                      'a') as lock_file:
                fcntl.flock(lock_file, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(lock_file, fcntl.LOCK_UN)

    def fetch_base(self, context, image_meta):
        """Path of the qcow2 base of `image_meta`, downloading it once."""
        image_id = image_meta['id']
        name = base_name(image_id)
        path = os.path.join(self.base_dir, name)
        with self.lock(name):
            if os.path.exists(path):
                touch(path)
                return path
            tmp = '%s.part.%s' % (path, uuid.uuid4().hex[:8])
            converted = tmp + '.qcow2'
            try:
                started = time.monotonic()
                self._fetch(context, image_id, tmp)
                verify_checksum(tmp, image_meta)
                fmt = self._inspect(tmp, image_meta)
                if fmt == 'qcow2':
                    os.rename(tmp, path)
                else:
                    disks.execute('qemu-img', 'convert', '-q', '-f', fmt,
                                  '-O', 'qcow2', tmp, converted)
                    os.rename(converted, path)
                os.chmod(path, 0o644)
                LOG.info('Cached image %s as %s (%s, %.1f s)', image_id,
                         path, fmt, time.monotonic() - started)
            finally:
                for leftover in (tmp, converted):
                    if os.path.exists(leftover):
                        os.unlink(leftover)
        return path

    @staticmethod
    def _inspect(path, image_meta):
        """The probed format; refuses a format other than the declared one
        and qcow2 files pointing at other files (backing or data file)."""
        image_id = image_meta.get('id')
        info = disks.qemu_img_info(path)
        fmt = info.get('format')
        declared = image_meta.get('disk_format')
        if declared in _PROBED_FORMAT and _PROBED_FORMAT[declared] != fmt:
            raise exception.ImageUnacceptable(
                image_id=image_id,
                reason='disk_format is %s but the data is %s' % (declared,
                                                                 fmt))
        if fmt not in _PROBED_FORMAT.values():
            raise exception.ImageUnacceptable(image_id=image_id,
                                    reason='unsupported format %s' % fmt)
        if info.get('backing-filename') or info.get('full-backing-filename'):
            raise exception.ImageUnacceptable(image_id=image_id,
                                    reason='it has a backing file')
        specific = (info.get('format-specific') or {}).get('data') or {}
        if specific.get('data-file'):
            raise exception.ImageUnacceptable(image_id=image_id,
                                    reason='it has an external data file')
        return fmt

    def restore_backing_file(self, context, overlay, image_meta):
        """Make the missing base of the qcow2 `overlay` again, as Nova's
        hard reboot re-populates backing files: a swap base is re-made,
        the base of `image_meta` downloaded again. An overlay pointing at
        that base in another directory (an instance directory moved from
        another instances_path) is rebased onto this cache's copy. Returns
        the base path, or None when nothing was missing."""
        header = disks.qcow2_header(overlay)
        if not header or not header[1] or os.path.exists(header[1]):
            return None
        backing = header[1]
        name = os.path.basename(backing)
        if name.startswith('swap_') and name[len('swap_'):].isdigit():
            base = self.ensure_swap_base(int(name[len('swap_'):]))
            backing_fmt = 'raw'
        elif image_meta.get('id') and name == base_name(image_meta['id']):
            LOG.info('Base %s of %s is missing; fetching image %s again',
                     backing, overlay, image_meta['id'])
            base = self.fetch_base(context, image_meta)
            backing_fmt = 'qcow2'
        else:
            raise exception.NovaLiteException(
                'Backing file %s of %s is missing and is not the base of '
                'image %s' % (backing, overlay, image_meta.get('id')))
        if base != backing:
            disks.execute('qemu-img', 'rebase', '-u', '-f', 'qcow2',
                          '-F', backing_fmt, '-b', base, overlay)
        return base

    def ensure_swap_base(self, size_mb):
        name = 'swap_%d' % size_mb
        path = os.path.join(self.base_dir, name)
        with self.lock(name):
            if not os.path.exists(path):
                disks.create_swap_base(path, size_mb)
            touch(path)
        return path

    def cleanup(self, in_use, max_age, now=None):
        """Remove bases not in `in_use` (paths or base names) whose mtime is
        older than `max_age` seconds; refresh the mtime of those in use.
        Returns the removed paths."""
        now = time.time() if now is None else now
        in_use = {os.path.basename(p) for p in in_use}
        removed = []
        try:
            names = os.listdir(self.base_dir)
        except FileNotFoundError:
            return removed
        for name in sorted(names):
            path = os.path.join(self.base_dir, name)
            if name.startswith('.') or not os.path.isfile(path):
                continue
            if name in in_use:
                touch(path)
                continue
            base = name.split('.part.')[0]
            age = _age(path, now)
            if age is None or age < max_age:
                continue
            with self.lock(base):
                age = _age(path, now)
                if age is None or age < max_age:
                    continue
                LOG.info('Removing base image %s, unused for %d s', path,
                         age)
                os.unlink(path)
                removed.append(path)
        return removed


def _age(path, now):
    try:
        return now - os.stat(path).st_mtime
    except FileNotFoundError:
        return None


def touch(path):
    try:
        os.utime(path)
    except OSError:
        pass


def default_image_fetch(context, image_id, dest_path):
    """Download image bits to dest_path through nova_lite.image.api."""
    from nova_lite.image import api as image_api
    api = image_api.API()
    try:
        result = api.download(context, image_id, dest_path=dest_path)
    except TypeError:
        # An API whose download() yields chunks instead of writing a file.
        result = api.download(context, image_id)
    if result is not None and hasattr(result, '__iter__') and not \
            isinstance(result, (str, bytes, dict)):
        with open(dest_path, 'wb') as f:
            for chunk in result:
                f.write(chunk)
