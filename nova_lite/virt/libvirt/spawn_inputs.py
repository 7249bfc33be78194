"""The image metadata and network info a guest was spawned with, kept in
<instance dir>/spawn_inputs.json for regenerating its domain later.

A hard reboot (and power on) builds the domain XML again from the
instance's current state, as Nova does. Nova takes the image metadata
from the instance's system_metadata (its image_* keys) and the network
info from the instance's info cache. nova_lite's compute manager passes
neither to reboot/power_on and its API copies no image properties into
system_metadata, so spawn records them here. image_* keys that are in
the instance's system_metadata still win over the recorded properties,
as they are what Nova reads.

The file moves with the instance directory (resize, cold migration) and
is rewritten by every spawn (rebuild and unshelve spawn again).
"""
import json
import os

from nova_lite.virt.libvirt import config as vconfig

FILE = 'spawn_inputs.json'

# Image fields a regenerated guest or a re-downloaded base still needs
# (the checksums verify the download; the formats guide its inspection).
_IMAGE_FIELDS = ('id', 'name', 'disk_format', 'container_format',
                 'checksum', 'os_hash_algo', 'os_hash_value', 'min_disk',
                 'min_ram', 'size')
_SYSMETA_PREFIX = 'image_'


def recorded_image_meta(image_meta):
    """The JSON-able part of `image_meta` worth keeping, with its custom
    properties under "properties" whatever shape the image dict had."""
    image_meta = image_meta or {}
    kept = {k: image_meta[k] for k in _IMAGE_FIELDS
            if image_meta.get(k) is not None}
    kept['properties'] = vconfig.image_properties(image_meta)
    return kept


def save(inst_dir, image_meta, network_info):
    path = os.path.join(inst_dir, FILE)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump({'image_meta': recorded_image_meta(image_meta),
                   'network_info': network_info}, f, default=str)
    os.replace(tmp, path)


def load(inst_dir):
    """The recorded inputs ({} for a guest spawned before they were
    recorded)."""
    try:
        with open(os.path.join(inst_dir, FILE)) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def image_meta_for(instance, recorded):
    """The image metadata to build the instance's guest from: what spawn
    recorded (or just the instance's image_ref), its properties updated
    with the instance's image_* system_metadata."""
    image_meta = dict(recorded.get('image_meta') or {})
    if not image_meta.get('id'):
        image_meta['id'] = instance.image_ref
    sysmeta = (instance.system_metadata
               if instance.obj_attr_is_set('system_metadata') else None)
    from_sysmeta = vconfig.image_properties(
        {key[len(_SYSMETA_PREFIX):]: value
         for key, value in (sysmeta or {}).items()
         if key.startswith(_SYSMETA_PREFIX) and value is not None})
    image_meta['properties'] = dict(image_meta.get('properties') or {},
                                    **from_sysmeta)
    return image_meta
