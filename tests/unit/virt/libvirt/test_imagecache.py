"""The per-host base image cache, with a fake download and temp dirs."""
import hashlib
import os
import shutil
import subprocess
import threading
import time

import pytest

from nova_lite import exception
from nova_lite.virt.libvirt import disks
from nova_lite.virt.libvirt import imagecache

IMAGE_ID = '0f3c1a2b-5d6e-4f70-8a9b-0c1d2e3f4a5b'

needs_qemu_img = pytest.mark.usefixtures('qemu_img')


@pytest.fixture
def source(tmp_path, qemu_img):
    """A small qcow2 image and its metadata (md5 + sha512)."""
    path = tmp_path / 'src.qcow2'
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', str(path),
                    '16M'], check=True)
    data = path.read_bytes()
    meta = {'id': IMAGE_ID, 'disk_format': 'qcow2',
            'checksum': hashlib.md5(data).hexdigest(),
            'os_hash_algo': 'sha512',
            'os_hash_value': hashlib.sha512(data).hexdigest()}
    return str(path), meta


class Fetcher(object):
    def __init__(self, src, delay=0.0):
        self.src = src
        self.delay = delay
        self.calls = []
        self._lock = threading.Lock()

    def __call__(self, context, image_id, dest_path):
        with self._lock:
            self.calls.append((image_id, dest_path))
        time.sleep(self.delay)
        shutil.copyfile(self.src, dest_path)


def test_base_named_after_sha1_of_image_id(tmp_path):
    cache = imagecache.ImageCache(str(tmp_path / '_base'), None)
    assert cache.base_path(IMAGE_ID) == str(
        tmp_path / '_base' / hashlib.sha1(IMAGE_ID.encode()).hexdigest())


def test_fetch_downloads_once(tmp_path, source):
    src, meta = source
    fetch = Fetcher(src)
    cache = imagecache.ImageCache(str(tmp_path / '_base'), fetch)
    path = cache.fetch_base(None, meta)
    assert path == cache.base_path(IMAGE_ID)
    assert open(path, 'rb').read() == open(src, 'rb').read()
    assert cache.fetch_base(None, meta) == path
    assert len(fetch.calls) == 1
    # Written to a temporary name, then renamed; nothing left behind.
    assert fetch.calls[0][1] != path
    assert sorted(n for n in os.listdir(tmp_path / '_base')
                  if not n.startswith('.')) == [os.path.basename(path)]


def test_concurrent_fetches_download_once(tmp_path, source):
    src, meta = source
    fetch = Fetcher(src, delay=0.2)
    cache = imagecache.ImageCache(str(tmp_path / '_base'), fetch)
    results = []
    threads = [threading.Thread(
        target=lambda: results.append(cache.fetch_base(None, meta)))
        for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(fetch.calls) == 1
    assert len(set(results)) == 1 and len(results) == 5


def test_checksum_mismatch_rejected_and_cleaned_up(tmp_path, source):
    src, meta = source
    meta = dict(meta, os_hash_value='0' * 128)
    cache = imagecache.ImageCache(str(tmp_path / '_base'), Fetcher(src))
    with pytest.raises(exception.ImageChecksumMismatch):
        cache.fetch_base(None, meta)
    assert [n for n in os.listdir(tmp_path / '_base')
            if not n.startswith('.')] == []


def test_md5_checksum_used_without_multihash(tmp_path, source):
    src, meta = source
    meta = {'id': IMAGE_ID, 'disk_format': 'qcow2', 'checksum': 'f' * 32}
    cache = imagecache.ImageCache(str(tmp_path / '_base'), Fetcher(src))
    with pytest.raises(exception.ImageChecksumMismatch):
        cache.fetch_base(None, meta)
    meta['checksum'] = hashlib.md5(open(src, 'rb').read()).hexdigest()
    assert os.path.exists(cache.fetch_base(None, meta))


def test_no_checksum_is_accepted(tmp_path, source):
    src, _meta = source
    cache = imagecache.ImageCache(str(tmp_path / '_base'), Fetcher(src))
    assert os.path.exists(cache.fetch_base(None, {'id': IMAGE_ID}))


@needs_qemu_img
def test_raw_image_converted_to_qcow2(tmp_path):
    raw = tmp_path / 'src.raw'
    with open(raw, 'wb') as f:
        f.write(b'hello' * 1000)
        f.truncate(4 * 1024 * 1024)
    cache = imagecache.ImageCache(str(tmp_path / '_base'),
                                  Fetcher(str(raw)))
    path = cache.fetch_base(None, {'id': IMAGE_ID, 'disk_format': 'raw'})
    info = disks.qemu_img_info(path)
    assert info['format'] == 'qcow2'
    assert info['virtual-size'] == 4 * 1024 * 1024


@needs_qemu_img
def test_declared_format_must_match(tmp_path, source):
    src, meta = source
    cache = imagecache.ImageCache(str(tmp_path / '_base'), Fetcher(src))
    with pytest.raises(exception.ImageUnacceptable):
        cache.fetch_base(None, dict(meta, disk_format='raw'))


@needs_qemu_img
def test_image_with_backing_file_rejected(tmp_path, source):
    src, _meta = source
    evil = tmp_path / 'evil.qcow2'
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', src,
                    '-F', 'qcow2', str(evil)], check=True)
    cache = imagecache.ImageCache(str(tmp_path / '_base'),
                                  Fetcher(str(evil)))
    with pytest.raises(exception.ImageUnacceptable):
        cache.fetch_base(None, {'id': IMAGE_ID, 'disk_format': 'qcow2'})


def test_cleanup_removes_only_old_unused_bases(tmp_path):
    base_dir = tmp_path / '_base'
    base_dir.mkdir()
    now = time.time()
    for name, age in (('old-unused', 1000), ('new-unused', 10),
                      ('old-used', 1000)):
        path = base_dir / name
        path.write_bytes(b'x')
        os.utime(path, (now - age, now - age))
    cache = imagecache.ImageCache(str(base_dir), None)
    removed = cache.cleanup({'old-used'}, max_age=100, now=now)
    assert removed == [str(base_dir / 'old-unused')]
    assert sorted(n for n in os.listdir(base_dir)
                  if not n.startswith('.')) == ['new-unused', 'old-used']
    # A base in use is touched: its unused age restarts from now.
    assert os.stat(base_dir / 'old-used').st_mtime > now - 100


def test_cleanup_without_cache_dir(tmp_path):
    cache = imagecache.ImageCache(str(tmp_path / 'missing'), None)
    assert cache.cleanup(set(), max_age=0) == []


def test_qcow2_header_reads_size_and_backing(tmp_path, source):
    src, _meta = source
    overlay = tmp_path / 'overlay'
    disks.create_overlay(src, str(overlay), 32 * 1024 * 1024)
    assert disks.qcow2_header(str(overlay)) == (32 * 1024 * 1024, src)
    assert disks.qcow2_header(src) == (16 * 1024 * 1024, None)
    raw = tmp_path / 'raw'
    raw.write_bytes(b'\0' * 100)
    assert disks.qcow2_header(str(raw)) is None


def test_root_size():
    assert disks.root_size_bytes(0, 12345) == 12345
    assert disks.root_size_bytes(1, 12345) == disks.GiB
    with pytest.raises(exception.FlavorDiskSmallerThanImage):
        disks.root_size_bytes(1, 2 * disks.GiB)


def test_restore_backing_file_fetches_a_missing_base(tmp_path, source):
    src, meta = source
    fetch = Fetcher(src)
    cache = imagecache.ImageCache(str(tmp_path / '_base'), fetch)
    base = cache.fetch_base(None, meta)
    overlay = str(tmp_path / 'disk')
    disks.create_overlay(base, overlay)
    assert cache.restore_backing_file(None, overlay, meta) is None
    os.unlink(base)
    assert cache.restore_backing_file(None, overlay, meta) == base
    assert os.path.exists(base) and len(fetch.calls) == 2
    assert disks.qcow2_header(overlay)[1] == base


def test_restore_backing_file_rebases_onto_this_cache(tmp_path, source):
    """An instance directory from another instances_path: its overlay
    names the same base in the other directory."""
    src, meta = source
    other = imagecache.ImageCache(str(tmp_path / 'other'), Fetcher(src))
    overlay = str(tmp_path / 'disk')
    disks.create_overlay(other.fetch_base(None, meta), overlay)
    shutil.rmtree(str(tmp_path / 'other'))
    cache = imagecache.ImageCache(str(tmp_path / '_base'), Fetcher(src))
    assert cache.restore_backing_file(None, overlay, meta) == \
        cache.base_path(IMAGE_ID)
    assert disks.qcow2_header(overlay)[1] == cache.base_path(IMAGE_ID)


def test_restore_backing_file_remakes_a_swap_base(tmp_path,
                                                  qemu_img_and_mkswap):
    cache = imagecache.ImageCache(str(tmp_path / '_base'), None)
    swap_base = cache.ensure_swap_base(8)
    overlay = str(tmp_path / 'disk.swap')
    disks.create_overlay(swap_base, overlay, backing_fmt='raw')
    os.unlink(swap_base)
    assert cache.restore_backing_file(None, overlay, {}) == swap_base
    assert os.path.getsize(swap_base) == 8 * disks.MiB


def test_restore_backing_file_refuses_another_images_base(tmp_path,
                                                          source):
    """Never rebases an overlay onto the base of a different image."""
    src, meta = source
    cache = imagecache.ImageCache(str(tmp_path / '_base'), Fetcher(src))
    base = cache.fetch_base(None, meta)
    overlay = str(tmp_path / 'disk')
    disks.create_overlay(base, overlay)
    os.unlink(base)
    with pytest.raises(exception.NovaLiteException) as info:
        cache.restore_backing_file(None, overlay, dict(meta, id='other'))
    assert 'is not the base of image other' in str(info.value)
    assert disks.qcow2_header(overlay)[1] == base
