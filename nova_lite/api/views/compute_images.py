"""Response shapes of the compute API's image proxy (/v2.1/images).

Nova shows a Glance image its own way: Glance's status folded into
ACTIVE/SAVING/DELETED/ERROR/UNKNOWN with a progress percentage, camelCase
minRam/minDisk, custom properties as "metadata", the size as
OS-EXT-IMG-SIZE:size, a "server" link when the image is a snapshot (its
instance_uuid property), OS-DCF:diskConfig from auto_disk_config, and
self/bookmark/alternate links, the alternate one pointing at the image
service.
"""
from oslo_utils import strutils
from oslo_utils import timeutils

from nova_lite.api.views import links
from nova_lite.image import api as image_api

# Glance statuses as Nova reports them; any other status is UNKNOWN.
_STATUS = {
    'active': 'ACTIVE',
    'queued': 'SAVING',
    'saving': 'SAVING',
    'deleted': 'DELETED',
    'pending_delete': 'DELETED',
    'killed': 'ERROR',
}
_PROGRESS = {'queued': 25, 'saving': 50, 'active': 100}

# Glance's own image attributes (its schema's base properties); every
# other key of an image is a custom property, i.e. Nova's "metadata".
GLANCE_ATTRIBUTES = image_api.BASE_KEYS | frozenset((
    'stores', 'locations', 'direct_url', 'self', 'file', 'schema'))

IMAGE_MEDIA_TYPE = 'application/vnd.openstack.image'


def properties(image):
    """The custom properties of a flat (Glance v2 shaped) image dict."""
    return {k: v for k, v in image.items() if k not in GLANCE_ATTRIBUTES}


def status(image):
    return _STATUS.get(image.get('status'), 'UNKNOWN')


def progress(image):
    return _PROGRESS.get(image.get('status'), 0)


def isotime(value):
    """Nova's timestamp format (seconds, 'Z') of a Glance timestamp."""
    if not value:
        return None
    try:
        parsed = timeutils.parse_isotime(value)
    except ValueError:
        return value
    return timeutils.normalize_time(parsed).strftime('%Y-%m-%dT%H:%M:%SZ')


def disk_config(metadata):
    """AUTO/MANUAL from the auto_disk_config property, or None."""
    value = metadata.get('auto_disk_config')
    if value is None:
        return None
    return 'AUTO' if strutils.bool_from_string(value) else 'MANUAL'


class ViewBuilder(object):
    """`alternate_href(image_id)` is the image's URL in the image
    service."""

    def __init__(self, request, alternate_href):
        self.request = request
        self.alternate_href = alternate_href

    def _links(self, image_id):
        return links.resource_links(self.request, 'images', image_id) + [
            {'rel': 'alternate', 'type': IMAGE_MEDIA_TYPE,
             'href': self.alternate_href(image_id)}]

    def basic(self, image):
        return {'id': image['id'], 'name': image.get('name'),
                'links': self._links(image['id'])}

    def show(self, image):
        metadata = properties(image)
        body = {
            'id': image['id'],
            'name': image.get('name'),
            'minRam': int(image.get('min_ram') or 0),
            'minDisk': int(image.get('min_disk') or 0),
            'metadata': metadata,
            'created': isotime(image.get('created_at')),
            'updated': isotime(image.get('updated_at')),
            'status': status(image),
            'progress': progress(image),
            # Nova reports an image without data (a queued snapshot) as 0.
            'OS-EXT-IMG-SIZE:size': image.get('size') or 0,
            'links': self._links(image['id']),
        }
        server_id = metadata.get('instance_uuid')
        if server_id is not None:
            body['server'] = {
                'id': server_id,
                'links': links.resource_links(self.request, 'servers',
                                              server_id)}
        config = disk_config(metadata)
        if config is not None:
            body['OS-DCF:diskConfig'] = config
        return body

    def collection(self, images, detail, page_size):
        """{"images": [...]} plus images_links when the page is full
        (`page_size` None: no paging links)."""
        render = self.show if detail else self.basic
        body = {'images': [render(i) for i in images]}
        if page_size and len(images) == page_size:
            path = 'images/detail' if detail else 'images'
            body['images_links'] = links.next_link(self.request, path,
                                                   images[-1]['id'])
        return body
