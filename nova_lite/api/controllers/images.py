"""/image/v2: a Glance v2 view of the embedded image store.

Enough of Glance for clients (openstackclient, openstacksdk) to find
images by id or name, for compute hosts to fetch the bits, and to delete
an image (its owner or an admin; Glance's 403 for an image the caller
sees but does not own or that is protected, 404 for one it cannot see).
"""
import os

import pecan
import webob

from nova_lite.api.controllers import base
from nova_lite.api import faults
from nova_lite.api.views import images as image_views
from nova_lite import exception

_PAGING = ('limit', 'marker', 'sort_key', 'sort_dir', 'sort')


def _limit(params):
    value = params.get('limit')
    if value is None:
        return image_views.DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise exception.ValidationError(detail='limit param must be an '
                                               'integer')
    if limit < 0:
        raise exception.ValidationError(detail='limit must be a positive '
                                               'integer')
    return min(limit, image_views.MAX_LIMIT)


def _filters(params):
    filters = {}
    for key in params:
        if key in _PAGING:
            continue
        values = params.getall(key)
        if key == 'tag':
            filters['tag'] = values
        elif key in ('protected', 'os_hidden'):
            filters[key] = base.bool_param(key, values[-1])
        elif key in ('name', 'id') and values[-1].startswith('in:'):
            filters[key] = values[-1][3:].split(',')
        else:
            filters[key] = values[-1]
    filters.setdefault('os_hidden', False)
    return filters


def _invalid_marker(exc, *args, **kwargs):
    return exception.ValidationError(
        detail='Invalid marker. Image %s could not be found.'
               % pecan.request.GET.get('marker'))


@faults.answers({exception.MarkerNotFound: _invalid_marker})
def list_images():
    ctx = base.context()
    params = pecan.request.GET
    limit = _limit(params)
    sort_key = params.get('sort_key', 'created_at')
    sort_dir = params.get('sort_dir', 'desc')
    if sort_dir not in ('asc', 'desc'):
        raise exception.ValidationError(
            detail='Invalid sort direction: %s' % sort_dir)
    imgs = base.image_api().list(ctx, _filters(params), limit=limit,
                                 marker=params.get('marker'),
                                 sort_key=sort_key, sort_dir=sort_dir)
    next_marker = imgs[-1]['id'] if imgs and len(imgs) == limit else None
    return base.reply(image_views.images(imgs, params, next_marker))


def _not_found(exc, image_id):
    return exception.ImageNotFound(
        'No image found with ID %s' % image_id, image_id=image_id)


_NOT_FOUND = faults.answers({exception.ImageNotFound: _not_found})


@_NOT_FOUND
def show_image(image_id):
    ctx = base.context()
    img = base.image_api().get(ctx, image_id)
    return base.reply(image_views.image(img))


def may_change(ctx, image):
    """Glance's rule for changing or deleting a visible image: an admin,
    or the owner's project (nobody else when the image has no owner)."""
    if getattr(ctx, 'is_admin', False):
        return True
    return image.get('owner') is not None and \
        image.get('owner') == ctx.project_id


def check_deletable(ctx, image):
    """403 (Glance's messages) unless the caller may delete the visible
    `image`: may_change and not protected."""
    if image.get('protected'):
        raise exception.NotAuthorized(
            'Image %s is protected and cannot be deleted.' % image['id'])
    if not may_change(ctx, image):
        raise exception.NotAuthorized(
            'You are not authorized to complete delete_image action.')


@_NOT_FOUND
def delete_image(image_id):
    ctx = base.context()
    api = base.image_api()
    check_deletable(ctx, api.get(ctx, image_id))
    api.delete(ctx, image_id)
    return base.reply(status=204)


@_NOT_FOUND
def download_image(image_id):
    ctx = base.context()
    img = base.image_api().get(ctx, image_id)
    path = base.image_api().get_data_path(ctx, image_id)
    size = os.path.getsize(path)
    handle = open(path, 'rb')
    resp = webob.Response(status=200, content_type='application/octet-stream')
    resp.app_iter = _file_iter(handle)
    resp.content_length = size
    if img.get('checksum'):
        resp.headers['Content-MD5'] = img['checksum']
    return resp


def _file_iter(handle, chunk_size=65536):
    try:
        while True:
            chunk = handle.read(chunk_size)
            if not chunk:
                return
            yield chunk
    finally:
        handle.close()


class ImageController(object):
    def __init__(self, image_id):
        self.image_id = image_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_image(self.image_id)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_image(self.image_id)

    @pecan.expose(generic=True)
    def file(self, *args, **kwargs):
        base.no_route()

    @file.when(method='GET')
    def file_get(self, *args, **kwargs):
        return download_image(self.image_id)


class ImagesController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_images()

    @pecan.expose()
    def _lookup(self, image_id, *remainder):
        return ImageController(image_id), remainder


class SchemasController(object):
    @pecan.expose(generic=True)
    def image(self, *args, **kwargs):
        base.no_route()

    @image.when(method='GET')
    def image_get(self, *args, **kwargs):
        return base.reply(image_views.image_schema())

    @pecan.expose(generic=True)
    def images(self, *args, **kwargs):
        base.no_route()

    @images.when(method='GET')
    def images_get(self, *args, **kwargs):
        return base.reply(image_views.images_schema())


class ImageV2Controller(object):
    """Root of /image/v2 (the pecan app of the image endpoint)."""

    images = ImagesController()
    schemas = SchemasController()
