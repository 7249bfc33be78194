"""/images/{image_id}/metadata: list, merge (POST), replace (PUT), and
/metadata/{key}: show, set (PUT), delete.

The image's custom properties through Nova's deprecated proxy, up to
microversion 2.38 (404 from 2.39). A change writes the whole property set
back to the image service (properties left out are removed), counted
against the metadata_items quota (403 "Image metadata limit exceeded").
Only the image's owner (or an admin) may change it: the image service
answers 403 otherwise.
"""
import webob.exc

from nova_lite.api.controllers import base
from nova_lite.api.controllers import compute_images
from nova_lite.api.controllers import images as glance_images
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import image_metadata as schemas
from nova_lite.api import validation
from nova_lite.api.views import compute_images as views
from nova_lite.compute import quotas
from nova_lite import exception

# The image metadata proxy outlived the other proxies by three versions.
VERSIONS = microversion.Range(None, '2.38')

# Glance keeps these names for itself.
_RESERVED_PREFIX = 'os_glance'


def _metadata(ctx, image_id):
    return views.properties(compute_images.get_image(ctx, image_id))


def _changeable_metadata(ctx, image_id):
    """The metadata of an image the caller may change (the image
    service's 403 otherwise)."""
    image = compute_images.get_image(ctx, image_id)
    if not glance_images.may_change(ctx, image):
        raise exception.ImageNotAuthorized(image_id=image_id)
    return views.properties(image)


@faults.answers({exception.MetadataLimitExceeded:
                 (403, 'Image metadata limit exceeded')})
def _check(ctx, metadata, supplied):
    """400 for a `supplied` key the image service keeps for itself, 403
    when `metadata` would exceed the metadata_items quota."""
    for key in supplied:
        if key in views.GLANCE_ATTRIBUTES or \
                key.startswith(_RESERVED_PREFIX):
            raise exception.ValidationError(
                detail="Attribute '%s' is reserved." % key)
    quotas.check_metadata_items(ctx, metadata)


@faults.answers({exception.ImageNotFound: compute_images.NOT_FOUND_ANSWER})
def _save(ctx, image_id, metadata):
    """Make `metadata` the image's whole property set; returns the image
    (403 from the image service when the caller may not change it)."""
    return base.image_api().update(ctx, image_id, {'properties': metadata},
                                   purge_props=True)


def index(image_id):
    ctx = base.context()
    return base.reply({'metadata': _metadata(ctx, image_id)})


def create(image_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.create)
    metadata = _changeable_metadata(ctx, image_id)
    metadata.update(body['metadata'])
    _check(ctx, metadata, body['metadata'])
    image = _save(ctx, image_id, metadata)
    return base.reply({'metadata': views.properties(image)})


def update_all(image_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.update_all)
    _changeable_metadata(ctx, image_id)
    _check(ctx, body['metadata'], body['metadata'])
    _save(ctx, image_id, body['metadata'])
    return base.reply({'metadata': body['metadata']})


def show(image_id, key):
    ctx = base.context()
    metadata = _metadata(ctx, image_id)
    if key not in metadata:
        raise webob.exc.HTTPNotFound()
    return base.reply({'meta': {key: metadata[key]}})


def update(image_id, key):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.update)
    meta = body['meta']
    if key not in meta:
        raise exception.ValidationError(
            detail='Request body and URI mismatch')
    metadata = _changeable_metadata(ctx, image_id)
    metadata[key] = meta[key]
    _check(ctx, metadata, meta)
    _save(ctx, image_id, metadata)
    return base.reply({'meta': meta})


def delete(image_id, key):
    ctx = base.context()
    metadata = _changeable_metadata(ctx, image_id)
    if key not in metadata:
        raise exception.NotFound('Invalid metadata key')
    del metadata[key]
    _save(ctx, image_id, metadata)
    return base.reply(status=204)


SUBRESOURCES = routing.SubResources({
    'metadata': routing.Resource(
        collection={'GET': index, 'POST': create, 'PUT': update_all},
        item={'GET': show, 'PUT': update, 'DELETE': delete},
        versions=VERSIONS),
})
