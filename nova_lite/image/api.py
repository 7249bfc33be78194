"""What nova_lite code calls to reach images.

`API().get(context, image_id)` and `API().list(context, filters)` return
plain dicts in Glance v2 shape (custom properties flattened to the top
level, like Glance's API). The backend is the embedded local store or
Glance v2 (nova_lite.image.glance), chosen by `use_glance(conf)`.
"""
import os
import shutil

from oslo_config import cfg

from nova_lite import exception
from nova_lite.image import local

# Top-level keys of a Glance v2 image that are not custom properties.
BASE_KEYS = frozenset(local.IMAGE_FIELDS) - {'properties'}


def store_path(conf=None):
    conf = conf or cfg.CONF
    path = conf.image_store.path
    if not path:
        path = os.path.join(conf.state_path, 'images')
    return path


def use_glance(conf=None):
    """[glance] image_backend: "glance"/"local", or "auto": local when
    [image_store] path is set or neither [glance] endpoint_override nor
    [glance] auth_type is, Glance otherwise."""
    conf = cfg.CONF if conf is None else conf
    try:
        backend = conf.glance.image_backend
        if backend != 'auto':
            return backend == 'glance'
        if conf.image_store.path:
            return False
        return bool(conf.glance.endpoint_override or conf.glance.auth_type)
    except (cfg.NoSuchOptError, cfg.NoSuchGroupError):
        return False


def flatten(image):
    """Glance v2 representation: properties become top-level keys."""
    result = {k: v for k, v in image.items() if k != 'properties'}
    for key, value in (image.get('properties') or {}).items():
        if key not in BASE_KEYS:
            result[key] = value
    return result


def _visible(context, image):
    if context is None or getattr(context, 'is_admin', False):
        return True
    if image.get('visibility') in ('public', 'community'):
        return True
    return image.get('owner') in (None, context.project_id)


def _matches(image, filters):
    for key, wanted in filters.items():
        if key in ('limit', 'marker', 'sort_key', 'sort_dir'):
            continue
        if key == 'tag':
            tags = set(image.get('tags') or [])
            wanted = wanted if isinstance(wanted, (list, tuple)) else [wanted]
            if not set(wanted) <= tags:
                return False
            continue
        if key == 'visibility' and wanted == 'all':
            continue
        value = image.get(key, (image.get('properties') or {}).get(key))
        if isinstance(wanted, (list, tuple, set)):
            if value not in wanted and str(value) not in wanted:
                return False
        elif value != wanted and str(value) != str(wanted):
            return False
    return True


class API(object):
    """The image API. `backend` defaults to the local store of `conf`."""

    def __init__(self, conf=None, backend=None):
        self._conf = conf
        self._backend = backend
        self._glance = None
        if backend is None and use_glance(conf):
            from nova_lite.image import glance
            self._glance = glance.GlanceImageService(
                cfg.CONF if conf is None else conf)

    @property
    def backend(self):
        if self._backend is None:
            self._backend = local.LocalImageStore(store_path(self._conf))
        return self._backend

    def get(self, context, image_id, show_deleted=False):
        """The image dict (Glance v2 shape); raises ImageNotFound."""
        if self._glance is not None:
            return self._glance.get(context, image_id)
        image = self.backend.get(image_id)
        if not _visible(context, image):
            raise exception.ImageNotFound(image_id=image_id)
        return flatten(image)

    def list(self, context, filters=None, limit=None, marker=None,
             sort_key='created_at', sort_dir='desc'):
        """Visible images matching `filters` (exact match on fields and
        properties; visibility "all" matches everything; tag needs all
        tags), newest first, paged by `marker` id and `limit`."""
        if self._glance is not None:
            return self._glance.list(context, filters, limit=limit,
                                     marker=marker, sort_key=sort_key,
                                     sort_dir=sort_dir)
        filters = dict(filters or {})
        images = [i for i in self.backend.list() if _visible(context, i)]
        if 'visibility' not in filters:
            # Glance hides community images from listings unless asked.
            images = [i for i in images
                      if i.get('visibility') != 'community' or
                      (context is not None and
                       i.get('owner') == context.project_id)]
        images = [i for i in images if _matches(i, filters)]
        if sort_key != 'created_at' or sort_dir != 'desc':
            images.sort(key=lambda i: (str(i.get(sort_key) or ''), i['id']),
                        reverse=(sort_dir == 'desc'))
        if marker is not None:
            ids = [i['id'] for i in images]
            if marker not in ids:
                raise exception.MarkerNotFound(marker=marker)
            images = images[ids.index(marker) + 1:]
        if limit is not None:
            images = images[:limit]
        return [flatten(i) for i in images]

    def get_data_path(self, context, image_id):
        """Local path of the bits (embedded store only)."""
        if self._glance is not None:
            raise exception.Invalid('Image data is in Glance, not local.')
        self.get(context, image_id)
        return self.backend.data_path(image_id)

    def download(self, context, image_id, dest_path=None, chunk_size=65536):
        """Write the bits to `dest_path` (returns None), or return an
        iterator over them."""
        if self._glance is not None:
            return self._glance.download(context, image_id,
                                         dest_path=dest_path,
                                         chunk_size=chunk_size)
        path = self.get_data_path(context, image_id)
        if dest_path is not None:
            shutil.copyfile(path, dest_path)
            return None
        return self._iter_file(path, chunk_size)

    @staticmethod
    def _iter_file(path, chunk_size):
        with open(path, 'rb') as f:
            while True:
                chunk = f.read(chunk_size)
                if not chunk:
                    return
                yield chunk

    def add_image_from_file(self, filename, **kwargs):
        return flatten(self.backend.add_image_from_file(filename, **kwargs))
