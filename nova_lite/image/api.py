"""What nova_lite code calls to reach images.

`API().get(context, image_id)` and `API().list(context, filters)` return
plain dicts in Glance v2 shape (custom properties flattened to the top
level, like Glance's API). The backend is the embedded local store or
Glance v2 (nova_lite.image.glance), chosen by `use_glance(conf)`.

Snapshots write: `create(context, image_meta)` makes a queued record
(owned by the requesting project, as Glance does; a "shared" image whose
properties name an `instance_owner` is shared with that project),
`upload(context, image_id, data, image_meta=None)` stores the bits (a
file path or an iterator of bytes) and makes it active, `update` changes
metadata, `delete` removes it. Only the owner (or an admin) may change or
delete an image.
"""
import os
import shutil

from oslo_config import cfg

from nova_lite import exception
from nova_lite.image import local

# Top-level keys of a Glance v2 image that are not custom properties.
BASE_KEYS = frozenset(local.IMAGE_FIELDS) - {'properties'}
# Core fields an image record may be created or updated with.
WRITABLE_KEYS = ('name', 'visibility', 'protected', 'disk_format',
                 'container_format', 'min_ram', 'min_disk', 'tags')


def store_path(conf=None):
    conf = conf or cfg.CONF
    path = conf.image_store.path
    if not path:
        path = os.path.join(conf.state_path, 'images')
    return path


def use_glance(conf=None):
    """[glance] image_backend: "glance"/"local", or "auto": local when
    [image_store] path is set; Glance when [api] auth_strategy is keystone
    (the user's token and catalog reach it) or [glance] endpoint_override
    or auth_type is set; local otherwise (noauth with nothing about Glance
    configured)."""
    conf = cfg.CONF if conf is None else conf
    try:
        backend = conf.glance.image_backend
        if backend != 'auto':
            return backend == 'glance'
        if conf.image_store.path:
            return False
        if conf.glance.endpoint_override or conf.glance.auth_type:
            return True
        return _auth_strategy(conf) == 'keystone'
    except (cfg.NoSuchOptError, cfg.NoSuchGroupError):
        return False


def _auth_strategy(conf):
    try:
        return conf.api.auth_strategy
    except (cfg.NoSuchOptError, cfg.NoSuchGroupError):
        return None


def flatten(image):
    """Glance v2 representation: properties become top-level keys."""
    result = {k: v for k, v in image.items()
              if k not in ('properties', 'members') and
              not k.startswith('_')}
    for key, value in (image.get('properties') or {}).items():
        if key not in BASE_KEYS:
            result[key] = value
    return result


def _visible(context, image):
    if context is None or getattr(context, 'is_admin', False):
        return True
    if image.get('visibility') in ('public', 'community'):
        return True
    if image.get('visibility') == 'shared' and \
            context.project_id in (image.get('members') or ()):
        return True
    return image.get('owner') in (None, context.project_id)


def _owned(context, image):
    return context is None or getattr(context, 'is_admin', False) or \
        image.get('owner') in (None, context.project_id)


def split_meta(image_meta):
    """(core fields, custom properties) of image metadata given flat or
    with a 'properties' dict."""
    core, props = {}, dict(image_meta.get('properties') or {})
    for key, value in image_meta.items():
        if key in WRITABLE_KEYS:
            core[key] = value
        elif key not in BASE_KEYS and key not in ('properties', 'members'):
            props[key] = value
    return core, props


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
        return local.file_chunks(path, chunk_size)

    def add_image_from_file(self, filename, **kwargs):
        return flatten(self.backend.add_image_from_file(filename, **kwargs))

    # -- writing (snapshots) -----------------------------------------------

    def create(self, context, image_meta):
        """A queued image record from `image_meta` (Glance field names;
        custom properties flat or under 'properties'); returns the image
        dict. The owner is the requesting project."""
        if self._glance is not None:
            return self._glance.create(context, image_meta)
        core, props = split_meta(image_meta)
        members = []
        if core.get('visibility') == 'shared' and props.get('instance_owner'):
            members.append(props['instance_owner'])
        return flatten(self.backend.create(
            owner=getattr(context, 'project_id', None), members=members,
            properties=props, **core))

    def _owned_image(self, context, image_id):
        image = self.backend.get(image_id)
        if not _visible(context, image):
            raise exception.ImageNotFound(image_id=image_id)
        if not _owned(context, image):
            raise exception.ImageNotAuthorized(image_id=image_id)
        return image

    def update(self, context, image_id, changes, purge_props=False):
        """Change core fields and properties (flat, or under
        'properties') of an image; with purge_props, properties not in
        `changes` are removed. Returns the image dict."""
        if self._glance is not None:
            return self._glance.update(context, image_id, changes,
                                       purge_props=purge_props)
        image = self._owned_image(context, image_id)
        core, props = split_meta(changes)
        remove = set(image['properties']) - set(props) if purge_props \
            else ()
        return flatten(self.backend.update(image_id, core, props, remove))

    def upload(self, context, image_id, data, image_meta=None):
        """Store the image's bits from `data` (a file path or an iterator
        of bytes), after applying `image_meta` changes (e.g. disk_format
        and container_format, which Glance needs set before data); the
        image becomes active. Returns the image dict."""
        if self._glance is not None:
            return self._glance.upload(context, image_id, data,
                                       image_meta=image_meta)
        if image_meta:
            self.update(context, image_id, image_meta)
        else:
            self._owned_image(context, image_id)
        return flatten(self.backend.upload(image_id, data))

    def delete(self, context, image_id):
        """Remove an image and its bits (ImageNotFound if invisible,
        ImageNotAuthorized if another project's)."""
        if self._glance is not None:
            return self._glance.delete(context, image_id)
        self._owned_image(context, image_id)
        self.backend.delete(image_id)

    def image_url(self, context, image_id):
        """Where the image service serves this image (Glance's URL), or
        None for the embedded store (the API knows its own URL)."""
        if self._glance is not None:
            return self._glance.image_url(context, image_id)
        return None
