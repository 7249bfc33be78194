"""The bootable image nova-lite-all (and a fresh test deployment) starts
with: the project's tiny test guest when it has been built
(tools/build-test-image.sh), else a small raw placeholder that only the fake
driver can "boot"."""
import json
import os
import tempfile

from nova_lite.image import api as image_api

DEFAULT_IMAGE_NAME = 'nova-lite-tiny'
_REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILT_IMAGE_DIRS = [
    os.environ.get('NOVA_LITE_TEST_IMAGE_DIR') or
    os.path.join(_REPO_ROOT, 'tools', '.cache', 'image'),
]


def built_test_image():
    """(qcow2 path, metadata dict) of the built test guest, or None."""
    for directory in BUILT_IMAGE_DIRS:
        path = os.path.join(directory, 'nova-lite-tiny.qcow2')
        meta_path = os.path.join(directory, 'nova-lite-tiny.json')
        if os.path.exists(path) and os.path.exists(meta_path):
            with open(meta_path) as f:
                return path, json.load(f)
    return None


def _is_placeholder(image):
    return (image.get('properties') or {}).get(
        'nova_lite_placeholder') == 'true' or image.get(
            'nova_lite_placeholder') == 'true'


def ensure_default_image(conf, context=None):
    """Add the default image to the embedded store unless one by that name
    exists; returns the image dict."""
    api = image_api.API(conf)
    existing = api.list(context, filters={'name': DEFAULT_IMAGE_NAME})
    built = built_test_image()
    if existing and not (built is not None and _is_placeholder(existing[0])):
        return existing[0]
    for placeholder in existing:
        # The test image has been built since: the real guest replaces it.
        api.delete(context, placeholder['id'])
    if built is not None:
        path, meta = built
        return api.add_image_from_file(
            path, name=DEFAULT_IMAGE_NAME, disk_format='qcow2',
            container_format='bare', min_ram=meta.get('min_ram', 0),
            min_disk=meta.get('min_disk', 0),
            properties=meta.get('properties', {}))
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(b'\0' * 1024 * 1024)
    return api.add_image_from_file(
        f.name, name=DEFAULT_IMAGE_NAME, disk_format='raw',
        container_format='bare', copy=False,
        properties={'nova_lite_placeholder': 'true',
                    'description': 'placeholder for the fake driver; run '
                                   'tools/build-test-image.sh for a real '
                                   'bootable guest'})
