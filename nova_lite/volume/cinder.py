"""A Cinder (block storage v3) client on keystoneauth1 for the calls Nova
makes, with Nova's [cinder] options and Nova's error mapping.

Endpoint: ``[cinder] endpoint_template`` filled with the request context
(``%(project_id)s``), else the ``catalog_info`` entry of the request's
service catalog (or, for a request context without a token, of the
catalog of the ``[cinder]`` auth plugin).

Credentials: the requesting user's token, wrapped with nova_lite's
service token when ``[service_user] send_service_user_token`` is set
(nova_lite.service_auth): Cinder only lets a service delete the
attachment of an attached volume. A context without a token (periodic
tasks) uses the ``[cinder]`` auth plugin.

Errors, as Nova maps them: 404 -> VolumeNotFound / SnapshotNotFound /
VolumeAttachmentNotFound (per call), 400 -> InvalidInput, 403 ->
Forbidden, 413 -> OverQuota, no connection or a 5xx ->
CinderConnectionFailed.
"""
import copy
import functools

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import token_endpoint
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite import exception
from nova_lite import service_adapter
from nova_lite import service_auth
from nova_lite.volume import views

LOG = logging.getLogger(__name__)
GROUP = 'cinder'
# The attachments API with attachment_complete (Nova's minimum).
ATTACHMENT_MICROVERSION = '3.44'
BASE_MICROVERSION = '3.0'
# Names the block storage v3 service goes by in catalogs (os-service-types).
SERVICE_TYPE_ALIASES = ('block-storage', 'volumev3', 'volume')
# Statuses Nova retries attachment_update / attachment_delete on.
RETRIED_STATUS = (500, 504)
RETRIES = 5


def _catalog_info(conf):
    service_type, service_name, interface = conf[GROUP].catalog_info.split(
        ':', 2)
    if interface.endswith('URL'):
        interface = interface[:-len('URL')]
    return service_type, service_name, interface or 'public'


def _catalog_url(conf, catalog):
    service_type, _name, interface = _catalog_info(conf)
    region = conf[GROUP].os_region_name
    types = [service_type] + [t for t in SERVICE_TYPE_ALIASES
                              if t != service_type]
    for type_ in types:
        url = service_adapter.catalog_endpoint(catalog, type_, [interface],
                                               region)
        if url:
            return url
    return None


def is_configured(conf=None, context=None):
    """Whether a block storage service is there to use: [cinder]
    endpoint_template set, or a volumev3/block-storage entry in the
    request's service catalog."""
    conf = cfg.CONF if conf is None else conf
    if conf[GROUP].endpoint_template:
        return True
    return _catalog_url(conf, getattr(context, 'service_catalog', None)) \
        is not None


class CinderFailure(Exception):
    """An error answer from Cinder, before the caller maps it."""

    def __init__(self, status, message):
        super().__init__('HTTP %s: %s' % (status, message))
        self.status = status
        self.message = message


def _failure(resp):
    message = (getattr(resp, 'text', '') or '')[:500]
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and len(body) == 1:
        error = next(iter(body.values()))
        if isinstance(error, dict) and error.get('message'):
            message = error['message']
    return CinderFailure(resp.status_code, message)


def _translate(not_found=None):
    """Nova's translate_*_exception: map a CinderFailure of the wrapped
    call; `not_found(args)` builds the 404 exception from the call's
    first argument after the context."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, context, *args, **kwargs):
            try:
                return method(self, context, *args, **kwargs)
            except CinderFailure as e:
                if e.status == 404 and not_found is not None:
                    raise not_found(args[0] if args else None) from e
                if e.status == 404:
                    raise exception.NotFound(e.message) from e
                if e.status == 400:
                    raise exception.InvalidInput(reason=e.message) from e
                if e.status == 403:
                    raise exception.Forbidden(e.message) from e
                if e.status == 413:
                    raise exception.OverQuota(e.message) from e
                if e.status >= 500:
                    raise exception.CinderConnectionFailed(
                        reason=str(e)) from e
                raise exception.InvalidInput(reason=e.message) from e
        return wrapper
    return decorator


def _volume_not_found(volume_id):
    return exception.VolumeNotFound(volume_id=volume_id)


def _snapshot_not_found(snapshot_id):
    return exception.SnapshotNotFound(snapshot_id=snapshot_id)


def _attachment_not_found(attachment_id):
    return exception.VolumeAttachmentNotFound(attachment_id=attachment_id)


def _instance_availability_zone(context, instance, conf):
    """The zone of the instance's host, else the one it asked for."""
    host = getattr(instance, 'host', None)
    if host:
        return availability_zones.get_host_availability_zone(
            context, host, conf=conf)
    return getattr(instance, 'availability_zone', None)


def _with_mountpoint(connector, mountpoint):
    """Cinder's attachments API takes the mountpoint in the connector."""
    if connector and mountpoint and 'mountpoint' not in connector:
        connector = copy.deepcopy(connector)
        connector['mountpoint'] = mountpoint
    return connector


class API(object):
    """Nova's nova.volume.cinder.API over Cinder's v3 REST API.

    `adapter` (tests) replaces the Adapter built from [cinder]; it needs
    request(url, method, **kwargs) like keystoneauth's, and its endpoint
    is `endpoint` (default: what [cinder] finds).
    """

    def __init__(self, conf=None, adapter=None, endpoint=None):
        self._conf = cfg.CONF if conf is None else conf
        self._adapter = adapter
        self._endpoint = endpoint
        self._service = None

    # -- transport ---------------------------------------------------------

    def _service_auth(self):
        """The [cinder] auth plugin and session (loaded once)."""
        if self._service is None:
            auth = ks_loading.load_auth_from_conf_options(self._conf, GROUP)
            if auth is None:
                raise exception.CinderConnectionFailed(
                    reason='the request has no token and [cinder] has no '
                           'auth_type')
            session = ks_loading.load_session_from_conf_options(
                self._conf, GROUP, auth=auth)
            self._service = (auth, session)
        return self._service

    def _endpoint_for(self, context, session=None, auth=None):
        opts = self._conf[GROUP]
        if opts.endpoint_template:
            return opts.endpoint_template % context.to_dict()
        url = _catalog_url(self._conf,
                           getattr(context, 'service_catalog', None))
        if url is None and session is not None:
            service_type, name, interface = _catalog_info(self._conf)
            try:
                url = session.get_endpoint(
                    auth, service_type=service_type, interface=interface,
                    region_name=opts.os_region_name,
                    service_name=name or None)
            except ks_exc.ClientException as e:
                raise exception.CinderConnectionFailed(reason=str(e))
        if not url:
            raise exception.CinderConnectionFailed(
                reason='no [cinder] endpoint_template and no %r endpoint '
                       'in the service catalog' % opts.catalog_info)
        return url

    def _client(self, context):
        if self._adapter is not None:
            return self._adapter, (self._endpoint or
                                   self._endpoint_for(context)).rstrip('/')
        if getattr(context, 'auth_token', None):
            endpoint = self._endpoint_for(context)
            auth = service_auth.get_auth_plugin(
                context, conf=self._conf,
                user_auth=token_endpoint.Token(endpoint, context.auth_token))
            session = ks_loading.load_session_from_conf_options(
                self._conf, GROUP, auth=auth)
        else:
            auth, session = self._service_auth()
            endpoint = self._endpoint_for(context, session, auth)
        adapter = ks_adapter.Adapter(
            session, auth=auth, endpoint_override=endpoint,
            connect_retries=self._conf[GROUP].http_retries,
            global_request_id=getattr(context, 'global_request_id', None),
            logger=LOG)
        return adapter, endpoint.rstrip('/')

    def _request(self, context, method, path, body=None, params=None,
                 microversion=BASE_MICROVERSION, ok=(200, 202, 204),
                 retry_on=()):
        adapter, base = self._client(context)
        kwargs = {'raise_exc': False,
                  'headers': {'Accept': 'application/json',
                              'OpenStack-API-Version':
                                  'volume %s' % microversion}}
        if body is not None:
            kwargs['json'] = body
        if params:
            kwargs['params'] = params
        attempts = RETRIES if retry_on else 1
        for attempt in range(attempts):
            try:
                resp = adapter.request(base + path, method, **kwargs)
            except (ks_exc.ConnectFailure, ks_exc.ConnectionError,
                    ks_exc.RetriableConnectionFailure) as e:
                raise exception.CinderConnectionFailed(reason=str(e))
            if resp.status_code in retry_on and attempt + 1 < attempts:
                LOG.warning('Cinder answered %s to %s %s, retrying',
                            resp.status_code, method, path)
                continue
            break
        if resp.status_code in ok:
            if resp.status_code == 204 or not resp.content:
                return None
            return resp.json()
        raise _failure(resp)

    # -- volumes -----------------------------------------------------------

    @_translate(_volume_not_found)
    def get(self, context, volume_id, microversion=None):
        body = self._request(context, 'GET', '/volumes/%s' % volume_id,
                             microversion=microversion or BASE_MICROVERSION)
        return views.volume(body['volume'])

    @_translate()
    def get_all(self, context, search_opts=None):
        body = self._request(context, 'GET', '/volumes/detail',
                             params=dict(search_opts or {}))
        return [views.volume(v) for v in body.get('volumes', [])]

    def check_attached(self, context, volume):
        if volume['status'] != 'in-use':
            raise exception.InvalidVolume(
                reason="volume '%s' status must be 'in-use'. Currently in "
                       "'%s' status" % (volume['id'], volume['status']))

    def check_availability_zone(self, context, volume, instance=None):
        """With [cinder] cross_az_attach False, the volume must be in the
        instance's availability zone (InvalidVolume otherwise)."""
        if instance is None or self._conf[GROUP].cross_az_attach:
            return
        instance_az = _instance_availability_zone(context, instance,
                                                  self._conf)
        if instance_az != volume['availability_zone']:
            raise exception.InvalidVolume(
                reason='Instance %s and volume %s are not in the same '
                       'availability_zone. Instance is in %s. Volume is in '
                       '%s' % (instance.uuid, volume['id'], instance_az,
                               volume['availability_zone']))

    @_translate()
    def create(self, context, size, name, description, snapshot=None,
               image_id=None, volume_type=None, metadata=None,
               availability_zone=None):
        try:
            return self._create(context, size, name, description, snapshot,
                                image_id, volume_type, metadata,
                                availability_zone)
        except CinderFailure as e:
            # Nova's translate_create_exception
            if e.status == 404:
                raise exception.NotFound(e.message) from e
            raise

    def _create(self, context, size, name, description, snapshot, image_id,
                volume_type, metadata, availability_zone):
        volume = {'size': size, 'name': name, 'description': description,
                  'snapshot_id': snapshot['id'] if snapshot else None,
                  'volume_type': volume_type,
                  'availability_zone': availability_zone,
                  'metadata': dict(metadata or {}),
                  'imageRef': image_id}
        body = self._request(context, 'POST', '/volumes',
                             body={'volume': volume})
        return views.volume(body['volume'])

    @_translate(_volume_not_found)
    def delete(self, context, volume_id):
        self._request(context, 'DELETE', '/volumes/%s' % volume_id)

    @_translate(_volume_not_found)
    def extend(self, context, volume_id, new_size):
        self._request(context, 'POST', '/volumes/%s/action' % volume_id,
                      body={'os-extend': {'new_size': new_size}})

    @_translate()
    def get_absolute_limits(self, context):
        """Cinder's absolute limits of the context's project, by name."""
        body = self._request(context, 'GET', '/limits')
        return dict((body.get('limits') or {}).get('absolute') or {})

    # -- snapshots ---------------------------------------------------------

    @_translate(_snapshot_not_found)
    def get_snapshot(self, context, snapshot_id):
        body = self._request(context, 'GET', '/snapshots/%s' % snapshot_id)
        return views.snapshot(body['snapshot'])

    @_translate()
    def get_all_snapshots(self, context):
        body = self._request(context, 'GET', '/snapshots/detail')
        return [views.snapshot(s) for s in body.get('snapshots', [])]

    def _create_snapshot(self, context, volume_id, name, description,
                         force):
        try:
            body = self._request(context, 'POST', '/snapshots', body={
                'snapshot': {'volume_id': volume_id, 'force': force,
                             'name': name, 'description': description}})
        except CinderFailure as e:
            # Nova's translate_mixed_exceptions
            if e.status == 404:
                raise exception.VolumeNotFound(volume_id=volume_id) from e
            if e.status == 413:
                raise exception.OverQuota(overs='snapshots') from e
            raise
        return views.snapshot(body['snapshot'])

    @_translate()
    def create_snapshot(self, context, volume_id, name, description):
        return self._create_snapshot(context, volume_id, name, description,
                                     False)

    @_translate()
    def create_snapshot_force(self, context, volume_id, name, description):
        return self._create_snapshot(context, volume_id, name, description,
                                     True)

    @_translate(_snapshot_not_found)
    def delete_snapshot(self, context, snapshot_id):
        self._request(context, 'DELETE', '/snapshots/%s' % snapshot_id)

    @_translate(_snapshot_not_found)
    def update_snapshot_status(self, context, snapshot_id, status):
        """Nova's part of an assisted snapshot is done (or failed): the
        status with progress 90%, which Cinder's remotefs drivers wait
        for."""
        self._request(context, 'POST', '/snapshots/%s/action' % snapshot_id,
                      body={'os-update_snapshot_status': {
                          'status': status, 'progress': '90%'}})

    # -- attachments (microversion 3.44) -----------------------------------

    @_translate(_volume_not_found)
    def attachment_create(self, context, volume_id, instance_id,
                          connector=None, mountpoint=None):
        """An attachment of the volume to the instance: without a
        connector the volume is only 'reserved'."""
        body = {'attachment': {
            'volume_uuid': volume_id, 'instance_uuid': instance_id,
            'connector': _with_mountpoint(connector, mountpoint)}}
        try:
            ref = self._request(context, 'POST', '/attachments', body=body,
                                microversion=ATTACHMENT_MICROVERSION)
        except CinderFailure as e:
            if e.status != 400:
                LOG.error('Create attachment failed for volume %s: %s',
                          volume_id, e)
            raise
        return views.attachment(ref['attachment'])

    @_translate(_attachment_not_found)
    def attachment_get(self, context, attachment_id):
        ref = self._request(context, 'GET', '/attachments/%s' % attachment_id,
                            microversion=ATTACHMENT_MICROVERSION)
        return views.attachment(ref['attachment'])

    @_translate()
    def attachment_get_all(self, context, instance_id=None, volume_id=None):
        if not instance_id and not volume_id:
            raise exception.InvalidInput(
                reason='Either instance or volume id must be passed.')
        params = {}
        if instance_id:
            params['instance_id'] = instance_id
        if volume_id:
            params['volume_id'] = volume_id
        ref = self._request(context, 'GET', '/attachments/detail',
                            params=params,
                            microversion=ATTACHMENT_MICROVERSION)
        return [views.attachment(a) for a in ref.get('attachments', [])]

    @_translate(_attachment_not_found)
    def attachment_update(self, context, attachment_id, connector,
                          mountpoint=None):
        """Give the attachment the host connector: Cinder exports the
        volume to the host and answers the connection_info."""
        ref = self._request(
            context, 'PUT', '/attachments/%s' % attachment_id,
            body={'attachment': {
                'connector': _with_mountpoint(connector, mountpoint)}},
            microversion=ATTACHMENT_MICROVERSION, retry_on=RETRIED_STATUS)
        return views.attachment(ref['attachment'])

    @_translate(_attachment_not_found)
    def attachment_complete(self, context, attachment_id):
        """The volume is connected on the host: Cinder marks it in-use."""
        self._request(context, 'POST',
                      '/attachments/%s/action' % attachment_id,
                      body={'os-complete': None},
                      microversion=ATTACHMENT_MICROVERSION)

    @_translate(_attachment_not_found)
    def attachment_delete(self, context, attachment_id):
        """Delete the attachment (an unknown one is ignored, as Nova)."""
        try:
            self._request(context, 'DELETE',
                          '/attachments/%s' % attachment_id,
                          microversion=ATTACHMENT_MICROVERSION,
                          retry_on=RETRIED_STATUS)
        except CinderFailure as e:
            if e.status == 404:
                LOG.warning('Attachment %s does not exist. Ignoring.',
                            attachment_id)
                return
            raise
