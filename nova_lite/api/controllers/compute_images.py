"""/images: Nova's deprecated proxy to the image service.

GET /images and /images/detail list the images the caller can see (the
filters name, status, changes-since, server, type, minRam, minDisk and
property-<name>, as Nova hands them to Glance v2; limit/marker paging with
images_links), GET /images/{id} shows one, DELETE /images/{id} deletes it.
Up to microversion 2.35; from 2.36 every method is a 404, as in Nova. The
metadata subresource (nova_lite.api.controllers.image_metadata) lives
until 2.38. Nova has no policy rules here: the image service decides.
"""
import pecan
from oslo_utils import timeutils
import webob.exc

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import images as glance_images
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.views import compute_images as views
from nova_lite.api.views import links
from nova_lite import exception

# Almost all proxy APIs (images, networks, baremetal) end at 2.35.
PROXY_VERSIONS = microversion.Range(None, '2.35')

NOT_FOUND = 'Image not found.'
DELETE_FORBIDDEN = 'You are not allowed to delete the image.'

# Nova's query parameter -> the image service's filter.
_FILTERS = {
    'name': 'name',
    'status': 'status',
    'server': 'instance_uuid',
    'type': 'image_type',
    'minRam': 'min_ram',
    'minDisk': 'min_disk',
}
_PROPERTY_PREFIX = 'property-'


def dispatch(handlers, *args):
    """Call the handler of the request's method: 404 after 2.35 (the API
    is gone) and for other methods."""
    routing.check_versions(PROXY_VERSIONS)
    return routing.dispatch(handlers, *args)


NOT_FOUND_ANSWER = (404, NOT_FOUND)


@faults.answers({exception.ImageNotFound: NOT_FOUND_ANSWER})
def get_image(ctx, image_id):
    """The image, or Nova's 404 "Image not found."."""
    return base.image_api().get(ctx, image_id)


def _view(ctx):
    request = pecan.request
    image_root = (request.environ.get(links.ENV_BASE_URL) or
                  request.host_url).rstrip('/') + '/image'
    api = base.image_api()

    def alternate_href(image_id):
        # Glance's URL of the image; for the embedded store, the same URL
        # under nova-lite's own image endpoint.
        return api.image_url(ctx, image_id) or \
            '%s/images/%s' % (image_root, image_id)

    return views.ViewBuilder(request, alternate_href)


def _filters(params):
    filters = {}
    for key in params:
        value = params.get(key)
        if key in _FILTERS:
            filters[_FILTERS[key]] = value
        elif key.startswith(_PROPERTY_PREFIX) and \
                len(key) > len(_PROPERTY_PREFIX):
            filters[key[len(_PROPERTY_PREFIX):]] = value
    if 'status' in filters:
        filters['status'] = filters['status'].lower()
    if 'instance_uuid' in filters:
        # "server" may be the server's URL: its last segment is the id.
        filters['instance_uuid'] = filters['instance_uuid'].rsplit('/')[-1]
    # Glance lists hidden images only when asked.
    filters['os_hidden'] = False
    return filters


def _updated_since(images, since):
    """Images changed at or after `since` (Glance's updated_at gte)."""
    kept = []
    for image in images:
        updated = image.get('updated_at') or image.get('created_at')
        try:
            when = timeutils.normalize_time(timeutils.parse_isotime(updated))
        except (ValueError, TypeError, AttributeError):
            continue
        if when >= since:
            kept.append(image)
    return kept


def _page(images, limit, marker):
    if marker is not None:
        ids = [i['id'] for i in images]
        if marker not in ids:
            raise exception.MarkerNotFound(marker=marker)
        images = images[ids.index(marker) + 1:]
    return images[:limit]


def _list(detail):
    ctx = base.context()
    params = pecan.request.GET
    max_limit = api_conf.get().api.max_limit
    requested, marker = base.get_limit_and_marker(params, max_limit)
    # limit=0 means no limit (Nova does not pass a zero limit to Glance).
    limit = requested or max_limit
    filters = _filters(params)
    since = base.time_param(params, 'changes-since')
    api = base.image_api()
    if since is None:
        images = api.list(ctx, filters, limit=limit, marker=marker)
    else:
        images = _page(_updated_since(api.list(ctx, filters), since),
                       limit, marker)
    page_size = limit if requested else None
    return base.reply(_view(ctx).collection(images, detail, page_size))


def list_images():
    return _list(detail=False)


def list_images_detail():
    return _list(detail=True)


def show_image(image_id):
    ctx = base.context()
    return base.reply({'image': _view(ctx).show(get_image(ctx, image_id))})


@faults.answers({exception.ImageNotFound: NOT_FOUND_ANSWER,
                 exception.NotAuthorized: (403, DELETE_FORBIDDEN)})
def delete_image(image_id):
    ctx = base.context()
    image = get_image(ctx, image_id)
    glance_images.check_deletable(ctx, image)
    base.image_api().delete(ctx, image_id)
    return base.reply(status=204)


class ImageController(object):
    def __init__(self, image_id):
        self.image_id = image_id

    @pecan.expose()
    def index(self, *args, **kwargs):
        return dispatch({'GET': show_image, 'DELETE': delete_image},
                        self.image_id)

    @pecan.expose()
    def _lookup(self, name, *remainder):
        # metadata (image_metadata)
        from nova_lite.api.controllers import image_metadata
        return image_metadata.SUBRESOURCES.lookup(self.image_id, name,
                                                  remainder)


class ImagesController(object):
    @pecan.expose()
    def index(self, *args, **kwargs):
        return dispatch({'GET': list_images})

    @pecan.expose()
    def detail(self, *args, **kwargs):
        if args:
            raise webob.exc.HTTPNotFound()
        return dispatch({'GET': list_images_detail})

    @pecan.expose()
    def _lookup(self, image_id, *remainder):
        return ImageController(image_id), remainder
