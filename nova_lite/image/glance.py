"""A Glance v2 image client on keystoneauth1.

`GlanceImageService(conf)` speaks the Glance v2 REST API and returns
images in the same flat dict shape as `nova_lite.image.api.API.get`:
the core Glance fields (id, name, status, disk_format, ... min_disk)
with custom properties as top-level keys, Glance bookkeeping (self,
file, schema, locations, direct_url) dropped.

Credentials:

* ``[glance] auth_type`` set: a session/auth plugin loaded from the
  [glance] options (service credentials), endpoint from
  ``endpoint_override`` or the plugin's catalog;
* otherwise: the requesting user's token (``context.auth_token``) with
  ``keystoneauth1.token_endpoint.Token``, the endpoint being
  ``endpoint_override`` or the ``service_type`` entry of
  ``context.service_catalog`` (first of ``valid_interfaces``, filtered by
  ``region_name``).
"""
import hashlib
import json
import logging
import os
import time

from keystoneauth1 import exceptions as ks_exc
from oslo_config import cfg

from nova_lite import exception
from nova_lite import service_adapter

LOG = logging.getLogger(__name__)

GROUP = 'glance'

# Core Glance v2 image attributes (everything else is a custom property).
CORE_KEYS = (
    'id', 'name', 'status', 'visibility', 'protected', 'os_hidden',
    'owner', 'disk_format', 'container_format', 'size', 'virtual_size',
    'checksum', 'os_hash_algo', 'os_hash_value', 'min_ram', 'min_disk',
    'created_at', 'updated_at', 'tags',
)
# Glance bookkeeping, not part of nova_lite's image dict.
DROPPED_KEYS = frozenset(('self', 'file', 'schema', 'locations',
                          'direct_url'))
# Attributes Glance refuses in a create request (read-only / server set).
READ_ONLY_KEYS = frozenset(('status', 'size', 'virtual_size', 'checksum',
                            'os_hash_algo', 'os_hash_value', 'created_at',
                            'updated_at', 'deleted', 'deleted_at')
                           ) | DROPPED_KEYS
# Attributes Glance sets itself beside the custom properties (a PATCH
# removing them is refused with 409).
GLANCE_OWNED_KEYS = frozenset(('stores',))
GLANCE_OWNED_PREFIX = 'os_glance_'
RETRIABLE_STATUS = (502, 503, 504)
CHUNK_SIZE = 64 * 1024


def translate_image(raw):
    """Glance v2 JSON -> nova_lite image dict (flat, like api.get)."""
    image = {key: raw.get(key) for key in CORE_KEYS}
    image['tags'] = list(raw.get('tags') or [])
    for key, value in raw.items():
        if key not in image and key not in DROPPED_KEYS:
            image[key] = value
    return image


def image_body(metadata):
    """nova_lite image metadata (flat or with a 'properties' dict) -> the
    JSON body of a Glance v2 create (custom properties top-level, string
    values, read-only attributes dropped)."""
    body = {}
    for key, value in metadata.items():
        if key == 'properties' or key in READ_ONLY_KEYS or value is None:
            continue
        body[key] = value
    for key, value in (metadata.get('properties') or {}).items():
        if key in READ_ONLY_KEYS or key in CORE_KEYS or value is None:
            continue
        body[key] = value
    for key in list(body):
        if key not in CORE_KEYS and not isinstance(body[key], str):
            body[key] = str(body[key])   # Glance properties are strings
    if 'tags' in body:
        body['tags'] = list(body['tags'])
    return body


def _strip_version(url):
    url = url.rstrip('/')
    if url.endswith('/v2'):
        url = url[:-3]
    return url


# Where an endpoint is looked up (shared with the other service clients).
catalog_endpoint = service_adapter.catalog_endpoint


def glance_owned(key):
    """Whether `key` is an attribute Glance keeps for itself rather than
    a property users set."""
    return key in GLANCE_OWNED_KEYS or key.startswith(GLANCE_OWNED_PREFIX)


class GlanceImageService(object):
    """Glance v2 images through a keystoneauth1 Adapter.

    `adapter` (tests) replaces the Adapter built from [glance]; it needs
    get_endpoint() and request(url, method, **kwargs) like keystoneauth's.
    """

    def __init__(self, conf=None, adapter=None):
        self._conf = cfg.CONF if conf is None else conf
        self._adapter = adapter
        self._sessions = {}

    @property
    def _opts(self):
        return self._conf[GROUP]

    # -- connection --------------------------------------------------------

    def _retries(self):
        return self._opts.num_retries or 0

    def _load_adapter(self, context):
        opts = self._opts
        kwargs = {}
        if opts.connect_retries is None:
            kwargs['connect_retries'] = self._retries()
        if opts.status_code_retries is None:
            kwargs['status_code_retries'] = self._retries()
            kwargs['retriable_status_codes'] = list(RETRIABLE_STATUS)
        return service_adapter.load_adapter(
            self._conf, GROUP, context,
            lambda reason: exception.GlanceConnectionFailed(reason=reason),
            cache=self._sessions, **kwargs)

    def _client(self, context):
        adapter = self._adapter or self._load_adapter(context)
        try:
            endpoint = adapter.get_endpoint()
        except ks_exc.ClientException as e:
            raise exception.GlanceConnectionFailed(reason=str(e))
        if not endpoint:
            raise exception.GlanceConnectionFailed(reason='no image endpoint found')
        return adapter, _strip_version(endpoint) + '/v2'

    def _request(self, context, method, path, image_id=None, ok=(200,),
                 **kwargs):
        adapter, base = self._client(context)
        url = path if path.startswith('http') else base + path
        kwargs.setdefault('raise_exc', False)
        try:
            resp = adapter.request(url, method, **kwargs)
        except (ks_exc.ConnectFailure, ks_exc.ConnectionError,
                ks_exc.RetriableConnectionFailure) as e:
            raise exception.GlanceConnectionFailed(reason=str(e))
        if resp.status_code in ok:
            return resp
        self._raise(resp, image_id)

    @staticmethod
    def _raise(resp, image_id):
        status = resp.status_code
        body = (getattr(resp, 'text', '') or '')[:500]
        if status == 404:
            raise exception.ImageNotFound(image_id=image_id)
        if status in (401, 403):
            raise exception.ImageNotAuthorized(image_id=image_id)
        if status == 400:
            raise exception.ImageBadRequest(image_id=image_id, response=body)
        if status == 409:
            raise exception.ImageConflict(image_id=image_id, response=body)
        if status in RETRIABLE_STATUS:
            raise exception.GlanceConnectionFailed(reason='HTTP %s: %s' % (status,
                                                                 body))
        raise exception.GlanceError(status=status, image_id=image_id, body=body)

    # -- reading -----------------------------------------------------------

    def get(self, context, image_id, show_deleted=False):
        """The image dict; raises ImageNotFound on 404."""
        resp = self._request(context, 'GET', '/images/%s' % image_id,
                             image_id=image_id)
        return translate_image(resp.json())

    def list(self, context, filters=None, limit=None, marker=None,
             sort_key='created_at', sort_dir='desc'):
        """Images matching `filters` (passed to Glance as query
        parameters; list values repeat the parameter, e.g. tag), following
        Glance's `next` links until `limit` images are collected."""
        params = []
        for key, value in (filters or {}).items():
            if key in ('limit', 'marker', 'sort_key', 'sort_dir'):
                continue
            values = value if isinstance(value, (list, tuple, set)) else \
                [value]
            if key != 'tag' and len(values) > 1:
                values = ['in:' + ','.join(str(v) for v in values)]
            params.extend((key, v) for v in values)
        limit = (filters or {}).get('limit', limit)
        marker = (filters or {}).get('marker', marker)
        params.append(('sort_key', sort_key))
        params.append(('sort_dir', sort_dir))
        if limit is not None:
            params.append(('limit', int(limit)))
        if marker is not None:
            params.append(('marker', marker))
        images = []
        path = '/images'
        while True:
            try:
                resp = self._request(context, 'GET', path, params=params)
            except exception.ImageBadRequest:
                if marker is not None and path == '/images':
                    raise exception.MarkerNotFound(marker=marker)
                raise
            data = resp.json()
            images.extend(translate_image(i) for i in data.get('images', []))
            next_link = data.get('next')
            if not next_link or (limit is not None and len(images) >= limit):
                break
            _, base = self._client(context)
            # `next` is "/v2/images?marker=..." and carries the query.
            path = _strip_version(base) + next_link
            params = None
        if limit is not None:
            images = images[:int(limit)]
        return images

    def download(self, context, image_id, dest_path=None,
                 chunk_size=CHUNK_SIZE):
        """Stream the bits to `dest_path` (verified against os_hash_value,
        else checksum; written to dest_path.part and renamed) and return
        None; without dest_path, return an iterator of chunks (not
        verified)."""
        if dest_path is None:
            resp = self._request(context, 'GET', '/images/%s/file' % image_id,
                                 image_id=image_id, ok=(200, 204),
                                 stream=True)
            if resp.status_code == 204:
                raise exception.ImageNoData(image_id=image_id)
            return resp.iter_content(chunk_size)
        image = self.get(context, image_id)
        attempts = self._retries() + 1
        for attempt in range(1, attempts + 1):
            try:
                self._download_once(context, image, dest_path, chunk_size)
                return None
            except exception.GlanceConnectionFailed as e:
                if attempt >= attempts:
                    raise
                LOG.warning('Download of image %s failed (attempt %d/%d): '
                            '%s', image_id, attempt, attempts, e)
                time.sleep(min(attempt, 5))

    def _download_once(self, context, image, dest_path, chunk_size):
        image_id = image['id']
        resp = self._request(context, 'GET', '/images/%s/file' % image_id,
                             image_id=image_id, ok=(200, 204), stream=True)
        if resp.status_code == 204:
            raise exception.ImageNoData(image_id=image_id)
        algo, expected = image.get('os_hash_algo'), image.get('os_hash_value')
        if not (algo and expected):
            algo, expected = 'md5', image.get('checksum')
        hasher = None
        if expected:
            try:
                hasher = hashlib.new(algo)
            except ValueError:
                LOG.warning('Unknown hash algorithm %s for image %s; data '
                            'not verified', algo, image_id)
        tmp = dest_path + '.part'
        try:
            with open(tmp, 'wb') as f:
                try:
                    for chunk in resp.iter_content(chunk_size):
                        if hasher is not None:
                            hasher.update(chunk)
                        f.write(chunk)
                except Exception as e:
                    # requests' ChunkedEncodingError, ConnectionError ...
                    raise exception.GlanceConnectionFailed(reason=str(e))
            if hasher is not None and hasher.hexdigest() != expected:
                raise exception.ImageChecksumMismatch(
                    image_id=image_id, algo=algo, expected=expected,
                    actual=hasher.hexdigest())
            os.replace(tmp, dest_path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
            close = getattr(resp, 'close', None)
            if close:
                close()

    # -- writing (snapshots) -----------------------------------------------

    def create(self, context, metadata):
        """Create a queued image record; returns the image dict. A
        "shared" image whose properties name an `instance_owner` other
        than the requesting project is shared with it (an image member),
        as Nova does for an admin's snapshot of another project's
        server."""
        resp = self._request(context, 'POST', '/images',
                             image_id=metadata.get('id'), ok=(201, 200),
                             json=image_body(metadata))
        image = translate_image(resp.json())
        owner = (metadata.get('properties') or {}).get(
            'instance_owner', metadata.get('instance_owner'))
        if image.get('visibility') == 'shared' and owner and \
                owner != getattr(context, 'project_id', None):
            self._request(context, 'POST', '/images/%s/members' % image['id'],
                          image_id=image['id'], json={'member': owner})
        return image

    def update(self, context, image_id, changes, purge_props=False):
        """Apply `changes` (core fields and properties, flat or under
        'properties') with a JSON-patch; with purge_props, custom
        properties not in `changes` are removed. Returns the image."""
        current = self.get(context, image_id)
        wanted = image_body(changes)
        ops = []
        for key, value in wanted.items():
            present = key in CORE_KEYS or key in current
            ops.append({'op': 'replace' if present else 'add',
                        'path': '/' + key, 'value': value})
        if purge_props:
            for key in current:
                if (key not in CORE_KEYS and key not in wanted and
                        not glance_owned(key)):
                    ops.append({'op': 'remove', 'path': '/' + key})
        if not ops:
            return current
        resp = self._request(
            context, 'PATCH', '/images/%s' % image_id, image_id=image_id,
            data=json.dumps(ops), headers={
                'Content-Type': 'application/openstack-images-v2.1-json-'
                                'patch'})
        return translate_image(resp.json())

    def upload(self, context, image_id, data, image_meta=None):
        """Upload `data` (a file path, streamed, or an iterator of bytes,
        sent chunked) as the image's bits, after applying `image_meta`
        changes (Glance refuses data before disk_format and
        container_format are set); returns the (now active) image."""
        if image_meta:
            self.update(context, image_id, image_meta)
        # a streamed body cannot be replayed: no retries
        kwargs = dict(image_id=image_id, ok=(204, 200, 201),
                      headers={'Content-Type': 'application/octet-stream'},
                      connect_retries=0, status_code_retries=0)
        if isinstance(data, str):
            with open(data, 'rb') as f:
                self._request(context, 'PUT', '/images/%s/file' % image_id,
                              data=f, **kwargs)
        else:
            self._request(context, 'PUT', '/images/%s/file' % image_id,
                          data=iter(data), **kwargs)
        return self.get(context, image_id)

    def delete(self, context, image_id):
        """Delete the image (ImageNotFound on 404, exception.ImageNotAuthorized on
        403, e.g. a protected image)."""
        self._request(context, 'DELETE', '/images/%s' % image_id,
                      image_id=image_id, ok=(204, 200))

    def image_url(self, context, image_id):
        """Glance's URL of the image, as Nova's createImage Location."""
        _, base = self._client(context)
        return '%s/images/%s' % (_strip_version(base), image_id)
