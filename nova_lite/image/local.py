"""The embedded image store: one directory, two files per image.

``<id>.json`` holds the metadata in Glance v2 field names (custom
properties under "properties", the projects a "shared" image is shared
with under "members"); ``<id>`` holds the bits. nova-lite-all serves it
read-only under /image; ``add_image_from_file`` is how images get in
(nova-lite-manage, tests, DevStack plugin), and ``create`` + ``upload``
is how snapshots do (a queued record, then its data).
"""
import datetime
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import uuid

from nova_lite import exception

IMAGE_FIELDS = (
    'id', 'name', 'status', 'visibility', 'protected', 'os_hidden',
    'owner', 'disk_format', 'container_format', 'size', 'virtual_size',
    'checksum', 'os_hash_algo', 'os_hash_value', 'min_ram', 'min_disk',
    'created_at', 'updated_at', 'tags', 'properties',
)

DEFAULTS = {
    'name': None, 'status': 'active', 'visibility': 'public',
    'protected': False, 'os_hidden': False, 'owner': None,
    'disk_format': 'qcow2', 'container_format': 'bare', 'size': None,
    'virtual_size': None, 'checksum': None, 'os_hash_algo': None,
    'os_hash_value': None, 'min_ram': 0, 'min_disk': 0, 'tags': [],
    'properties': {},
}


def _now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def _is_uuid(value):
    try:
        return str(uuid.UUID(value)) == value.lower()
    except (ValueError, AttributeError, TypeError):
        return False


class LocalImageStore(object):
    """Images kept as files in `path` (created on first write)."""

    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()
        # Read-modify-write of one image's metadata (update, upload).
        self._update_lock = threading.RLock()

    # -- reading -----------------------------------------------------------

    def _meta_path(self, image_id):
        return os.path.join(self.path, '%s.json' % image_id)

    def data_path(self, image_id):
        """Path of the image bits (raises ImageNotFound)."""
        if not _is_uuid(image_id):
            raise exception.ImageNotFound(image_id=image_id)
        path = os.path.join(self.path, image_id)
        if not os.path.isfile(path):
            raise exception.ImageNotFound(image_id=image_id)
        return path

    def get(self, image_id):
        if not _is_uuid(image_id):
            raise exception.ImageNotFound(image_id=image_id)
        try:
            with open(self._meta_path(image_id)) as f:
                meta = json.load(f)
        except (OSError, ValueError):
            raise exception.ImageNotFound(image_id=image_id)
        return self._complete(meta, image_id)

    @staticmethod
    def _complete(meta, image_id):
        image = dict(DEFAULTS)
        image.update(meta)
        image['id'] = image_id
        image['properties'] = dict(image.get('properties') or {})
        image['tags'] = list(image.get('tags') or [])
        image['members'] = list(image.get('members') or [])
        image.setdefault('created_at', None)
        image.setdefault('updated_at', image['created_at'])
        return image

    def list(self):
        """Every image, sorted by created_at then id (newest first)."""
        if not os.path.isdir(self.path):
            return []
        images = []
        for name in os.listdir(self.path):
            if not name.endswith('.json'):
                continue
            image_id = name[:-5]
            try:
                images.append(self.get(image_id))
            except exception.ImageNotFound:
                continue
        # created_at has Glance's one-second resolution; _created_ns orders
        # images created within the same second (backup rotation).
        images.sort(key=lambda i: (i.get('created_at') or '',
                                   i.get('_created_ns') or 0, i['id']),
                    reverse=True)
        return images

    # -- writing -----------------------------------------------------------

    def add_image_from_file(self, filename, name=None, image_id=None,
                            disk_format=None, container_format='bare',
                            visibility='public', owner=None, min_ram=0,
                            min_disk=0, properties=None, tags=None,
                            copy=True):
        """Import `filename` as a new active image; returns its metadata.

        The data is copied (or moved if copy=False) into the store and
        hashed (md5 checksum and sha512 multihash, as Glance does).
        """
        image_id = image_id or str(uuid.uuid4())
        if not _is_uuid(image_id):
            raise exception.Invalid('Image id must be a UUID: %s' % image_id)
        os.makedirs(self.path, exist_ok=True)
        if disk_format is None:
            disk_format = _guess_disk_format(filename)
        size, md5, sha512 = self._store_data(image_id,
                                             file_chunks(filename))
        if not copy:
            os.unlink(filename)
        now = _now()
        meta = {
            'name': name if name is not None else os.path.basename(filename),
            'status': 'active', 'visibility': visibility,
            'protected': False, 'os_hidden': False, 'owner': owner,
            'disk_format': disk_format, 'container_format': container_format,
            'size': size, 'virtual_size': None, 'checksum': md5,
            'os_hash_algo': 'sha512', 'os_hash_value': sha512,
            'min_ram': int(min_ram), 'min_disk': int(min_disk),
            'created_at': now, 'updated_at': now,
            'tags': list(tags or []), 'properties': dict(properties or {}),
            '_created_ns': time.time_ns(),
        }
        self._write_meta(image_id, meta)
        return self.get(image_id)

    def create(self, name=None, image_id=None, disk_format=None,
               container_format=None, visibility='shared', owner=None,
               min_ram=0, min_disk=0, protected=False, properties=None,
               tags=None, members=None):
        """A queued image record without data (Glance's POST /v2/images);
        returns its metadata. Glance's default visibility is "shared"."""
        image_id = image_id or str(uuid.uuid4())
        if not _is_uuid(image_id):
            raise exception.Invalid('Image id must be a UUID: %s' % image_id)
        os.makedirs(self.path, exist_ok=True)
        if os.path.exists(self._meta_path(image_id)):
            raise exception.Conflict('Image ID %s already exists!' %
                                     image_id)
        now = _now()
        meta = {
            'name': name, 'status': 'queued', 'visibility': visibility,
            'protected': bool(protected), 'os_hidden': False,
            'owner': owner, 'disk_format': disk_format,
            'container_format': container_format, 'size': None,
            'virtual_size': None, 'checksum': None, 'os_hash_algo': None,
            'os_hash_value': None, 'min_ram': int(min_ram or 0),
            'min_disk': int(min_disk or 0), 'created_at': now,
            'updated_at': now, 'tags': list(tags or []),
            'properties': dict(properties or {}),
            'members': list(members or []), '_created_ns': time.time_ns(),
        }
        self._write_meta(image_id, meta)
        return self.get(image_id)

    def update(self, image_id, changes, properties=None,
               remove_properties=()):
        """Change core fields (`changes`) and custom properties of an
        image; returns its metadata."""
        with self._update_lock:
            meta = self.get(image_id)
            meta.update(changes)
            props = meta['properties']
            for key in remove_properties:
                props.pop(key, None)
            props.update(properties or {})
            meta['updated_at'] = _now()
            meta.pop('id', None)
            self._write_meta(image_id, meta)
        return self.get(image_id)

    def upload(self, image_id, data):
        """Store `data` (a file path or an iterator of bytes) as the bits
        of a queued image, hashed as Glance does; the image becomes
        active. Conflict unless the image is queued."""
        with self._update_lock:
            image = self.get(image_id)
            if image['status'] != 'queued':
                raise exception.Conflict(
                    'Image status transition from %s to saving is not '
                    'allowed' % image['status'])
            image['status'] = 'saving'
            image.pop('id')
            self._write_meta(image_id, image)
        try:
            chunks = file_chunks(data) if isinstance(data, str) else data
            size, md5, sha512 = self._store_data(image_id, chunks)
        except BaseException:
            self.update(image_id, {'status': 'queued'})
            raise
        return self.update(image_id, {
            'status': 'active', 'size': size, 'checksum': md5,
            'os_hash_algo': 'sha512', 'os_hash_value': sha512})

    def _store_data(self, image_id, chunks):
        md5 = hashlib.md5(usedforsecurity=False)
        sha512 = hashlib.sha512()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix='.incoming-')
        try:
            with os.fdopen(fd, 'wb') as out:
                for chunk in chunks:
                    md5.update(chunk)
                    sha512.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            os.replace(tmp, os.path.join(self.path, image_id))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return size, md5.hexdigest(), sha512.hexdigest()

    def _write_meta(self, image_id, meta):
        with self._lock:
            fd, tmp = tempfile.mkstemp(dir=self.path, prefix='.meta-')
            with os.fdopen(fd, 'w') as f:
                json.dump(meta, f, indent=2, sort_keys=True)
            os.replace(tmp, self._meta_path(image_id))

    def delete(self, image_id):
        self.get(image_id)
        for path in (self._meta_path(image_id),
                     os.path.join(self.path, image_id)):
            if os.path.exists(path):
                os.unlink(path)


def file_chunks(path, chunk_size=1024 * 1024):
    """An iterator over the bytes of the file at `path`."""
    with open(path, 'rb') as f:
        while True:
            chunk = f.read(chunk_size)
            if not chunk:
                return
            yield chunk


def _guess_disk_format(filename):
    try:
        with open(filename, 'rb') as f:
            head = f.read(4)
    except OSError:
        return 'raw'
    if head == b'QFI\xfb':
        return 'qcow2'
    lower = filename.lower()
    for ext in ('iso', 'vmdk', 'vdi', 'vhd', 'vhdx', 'ami', 'aki', 'ari'):
        if lower.endswith('.' + ext):
            return ext
    return 'raw'


def copy_data(src_path, dst_path):
    shutil.copyfile(src_path, dst_path)
