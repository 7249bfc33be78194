"""A small in-memory Cinder (block storage v3) for tests: the calls
nova_lite.volume.cinder.API makes, with Cinder's shapes, states, errors
({"badRequest": {"code", "message"}}, {"itemNotFound": ...}) and status
codes, so unit and functional tests run the real client against it.

Volume states as Cinder's attachments API (3.44+) moves them:
available -> reserved (attachment without a connector) -> attaching
(connector given) -> in-use (attachment complete); deleting the last
attachment passes through detaching back to available. A volume that is
not multiattach and has an attachment cannot be reserved again (400).

Identity comes from the noauth2 token ("user:project"; no colon, or user
"admin": admin). A project sees only its own volumes (another project's
is 404), admin sees all. Created volumes start 'creating' and are
'available' from the next read, as a real create finishes later.
`fail(method, resource, status)` makes the next matching calls fail;
`down = True` answers 503 to everything (Cinder's API gone).
"""
import contextlib
import copy
import datetime
import json
import threading
import urllib.parse
import uuid
from wsgiref import simple_server

import webob

DEFAULT_AZ = 'nova'
EXPORT = '127.0.0.1:/srv/fake-cinder'
ERROR_KEYS = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound',
              409: 'conflict', 413: 'overLimit', 500: 'computeFault',
              503: 'serviceUnavailable'}
DEFAULT_LIMITS = {'maxTotalVolumes': 10, 'maxTotalSnapshots': 10,
                  'maxTotalVolumeGigabytes': 1000,
                  'maxTotalBackups': 10, 'maxTotalBackupGigabytes': 1000}


class Error(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None).isoformat()


class FakeCinder(object):
    def __init__(self, az=DEFAULT_AZ):
        self.lock = threading.RLock()
        self.az = az
        self.volumes = {}
        self.attachments = {}
        self.snapshots = {}
        self.limits = dict(DEFAULT_LIMITS)
        self.calls = []        # (method, path)
        self.failures = []     # [method, resource, status, message, times]
        self.down = False
        # What a created volume becomes at its next read: 'available', or
        # 'error' (Cinder could not make it), or 'creating' (it never ends).
        self.created_status = 'available'
        # snapshot id -> (bootable, image_id) of the volume it was made of
        self.snapshot_origins = {}
        # As Cinder's NFS (remotefs) drivers: a snapshot of an in-use
        # volume stays 'creating' until Nova reports its part done
        # (os-update_snapshot_status, progress 90%); the volume then
        # writes to the snapshot's new qcow2 file. Off: every snapshot is
        # available at its next read.
        self.assisted_snapshots = False

    # -- seeding and inspection (tests) -------------------------------------

    def add_volume(self, name='vol', size=1, project_id='project',
                   multiattach=False, status='available', az=None,
                   bootable=False, image_id=None):
        volume = {
            'id': str(uuid.uuid4()), 'name': name, 'description': None,
            'size': size, 'status': status, 'project_id': project_id,
            'availability_zone': az or self.az, 'multiattach': multiattach,
            'bootable': bootable, 'volume_type': '__DEFAULT__',
            'snapshot_id': None, 'metadata': {}, 'created_at': _now(),
            'image_id': image_id, 'migration_status': None,
        }
        self.volumes[volume['id']] = volume
        return volume

    def fail(self, method, resource, status=500, message='Cinder failed',
             times=1):
        """The next `times` calls of `method` on `resource` ('volumes',
        'attachments', 'attachments:action', 'snapshots', ...) answer
        `status`."""
        self.failures.append([method, resource, status, message, times])

    def status_of(self, volume_id):
        return self.volumes[volume_id]['status']

    def attachments_of(self, volume_id):
        return [a for a in self.attachments.values()
                if a['volume_id'] == volume_id]

    # -- WSGI ---------------------------------------------------------------

    def app(self, environ, start_response):
        request = webob.Request(environ)
        try:
            status, body = self.handle(request)
        except Error as e:
            status = e.status
            body = {ERROR_KEYS.get(e.status, 'error'): {
                'code': e.status, 'message': e.message}}
        resp = webob.Response(status=status)
        if body is not None:
            resp.content_type = 'application/json'
            resp.text = json.dumps(body)
        return resp(environ, start_response)

    @staticmethod
    def _identity(request):
        token = request.headers.get('X-Auth-Token', '')
        user, sep, project = token.partition(':')
        if not sep or not project:
            return 'admin', True
        return project, user == 'admin'

    def _check_failure(self, method, resource):
        if self.down:
            raise Error(503, 'The server is currently unavailable.')
        for failure in self.failures:
            if failure[0] == method and failure[1] == resource:
                failure[4] -= 1
                if failure[4] <= 0:
                    self.failures.remove(failure)
                raise Error(failure[2], failure[3])

    def handle(self, request):
        # /v3/<project>/<collection>[/<id>[/action]]
        parts = [p for p in request.path_info.split('/') if p]
        if parts and parts[0] == 'v3':
            parts = parts[2:]
        query = dict(urllib.parse.parse_qsl(request.query_string))
        body = json.loads(request.body or b'null')
        project, admin = self._identity(request)
        with self.lock:
            self.calls.append((request.method, request.path_info))
            resource = parts[0] if parts else ''
            if len(parts) == 3 and parts[2] == 'action':
                resource += ':action'
            self._check_failure(request.method, resource)
            handler = getattr(self, '_%s_%s' % (
                request.method.lower(), resource.replace(':', '_')), None)
            if handler is None:
                raise Error(404, 'Unknown resource %s' % request.path_info)
            return handler(parts[1:], query, body, project, admin)

    # -- volumes ------------------------------------------------------------

    def _visible_volume(self, volume_id, project, admin):
        volume = self.volumes.get(volume_id)
        if volume is None or not (admin or volume['project_id'] == project):
            raise Error(404, 'Volume %s could not be found.' % volume_id)
        if volume['status'] == 'creating':
            volume['status'] = self.created_status
        return volume

    def _volume_view(self, volume):
        attachments = [
            {'server_id': a['instance_uuid'], 'attachment_id': a['id'],
             'attached_at': a['attached_at'], 'host_name': None,
             'volume_id': volume['id'], 'device': a['mountpoint'],
             'id': volume['id']}
            for a in self.attachments_of(volume['id'])
            if a['attach_status'] == 'attached']
        view = {key: copy.deepcopy(volume[key]) for key in (
            'id', 'name', 'description', 'size', 'status',
            'availability_zone', 'multiattach', 'volume_type', 'snapshot_id',
            'metadata', 'created_at', 'migration_status')}
        view.update({
            'bootable': 'true' if volume['bootable'] else 'false',
            'attachments': attachments, 'encrypted': False,
            'os-vol-tenant-attr:tenant_id': volume['project_id'],
            'updated_at': _now(), 'user_id': 'fake-user',
            'replication_status': None, 'source_volid': None,
            'consistencygroup_id': None, 'shared_targets': False,
            'links': []})
        if volume.get('image_id'):
            view['volume_image_metadata'] = {'image_id': volume['image_id']}
        return view

    def _get_volumes(self, rest, query, body, project, admin):
        if rest and rest[0] != 'detail':
            volume = self._visible_volume(rest[0], project, admin)
            return 200, {'volume': self._volume_view(volume)}
        volumes = [v for v in list(self.volumes.values())
                   if admin and query.get('all_tenants') or
                   v['project_id'] == project]
        return 200, {'volumes': [
            self._volume_view(self._visible_volume(v['id'], project, True))
            for v in volumes]}

    def _post_volumes(self, rest, query, body, project, admin):
        spec = (body or {}).get('volume') or {}
        if not isinstance(spec.get('size'), int) or spec['size'] < 1:
            if not spec.get('snapshot_id'):
                raise Error(400, 'Invalid input received: size must be an '
                                 'integer and greater than 0')
        used = [v for v in self.volumes.values()
                if v['project_id'] == project]
        if len(used) >= self.limits['maxTotalVolumes']:
            raise Error(413, 'VolumeLimitExceeded: Maximum number of '
                             'volumes allowed (%d) exceeded'
                        % self.limits['maxTotalVolumes'])
        size = spec.get('size')
        image_id = spec.get('imageRef')
        bootable = bool(image_id)
        if spec.get('snapshot_id'):
            snapshot = self._visible_snapshot(spec['snapshot_id'], project,
                                              admin)
            size = size or snapshot['size']
            # As Cinder: a volume from a snapshot is bootable, with the
            # image metadata, when the snapshot's volume was.
            bootable, image_id = self.snapshot_origins.get(
                snapshot['id'], (False, None))
        volume = self.add_volume(
            name=spec.get('name'), size=size, project_id=project,
            multiattach=bool(spec.get('multiattach')), status='creating',
            az=spec.get('availability_zone'), bootable=bootable,
            image_id=image_id)
        volume['description'] = spec.get('description')
        volume['snapshot_id'] = spec.get('snapshot_id')
        volume['metadata'] = dict(spec.get('metadata') or {})
        if spec.get('volume_type'):
            volume['volume_type'] = spec['volume_type']
        return 202, {'volume': self._volume_view(volume)}

    def _delete_volumes(self, rest, query, body, project, admin):
        volume = self._visible_volume(rest[0], project, admin)
        if volume['status'] not in ('available', 'error') or \
                self.attachments_of(volume['id']):
            raise Error(400, 'Invalid volume: Volume status must be '
                             'available or error or error_restoring or '
                             'error_extending or error_managing and must not'
                             ' be migrating, attached, belong to a group, '
                             'have snapshots, awaiting a transfer, or be '
                             'disassociated from snapshots after volume '
                             'transfer.')
        del self.volumes[volume['id']]
        return 202, None

    def _post_volumes_action(self, rest, query, body, project, admin):
        volume = self._visible_volume(rest[0], project, admin)
        if 'os-extend' in (body or {}):
            new_size = int(body['os-extend']['new_size'])
            if new_size <= volume['size']:
                raise Error(400, 'Invalid input received: New size for '
                                 'extend must be greater than current size.')
            volume['size'] = new_size
            return 202, None
        raise Error(400, 'Invalid volume action %s' % sorted(body or {}))

    # -- attachments (3.44) -------------------------------------------------

    def _connection_info(self, attachment):
        volume = self.volumes[attachment['volume_id']]
        return {'driver_volume_type': 'nfs', 'export': EXPORT,
                'name': volume.get('active_file') or
                'volume-%s' % volume['id'], 'options': None,
                'format': volume.get('format') or 'raw', 'qos_specs': None,
                'access_mode': 'rw',
                'encrypted': False, 'cacheable': False,
                'multiattach': volume['multiattach'],
                'attachment_id': attachment['id']}

    def _attachment_view(self, attachment):
        view = {key: attachment[key] for key in (
            'id', 'volume_id', 'instance', 'attach_mode', 'attached_at',
            'detached_at')}
        view['status'] = attachment['attach_status']
        view['connection_info'] = (
            self._connection_info(attachment)
            if attachment['connector'] is not None else {})
        return view

    def _visible_attachment(self, attachment_id, project, admin):
        attachment = self.attachments.get(attachment_id)
        if attachment is None or not (
                admin or attachment['project_id'] == project):
            raise Error(404, 'Volume attachment %s could not be found.'
                        % attachment_id)
        return attachment

    def _post_attachments(self, rest, query, body, project, admin):
        spec = (body or {}).get('attachment') or {}
        volume = self._visible_volume(spec.get('volume_uuid'), project,
                                      admin)
        busy = self.attachments_of(volume['id'])
        # As Cinder: a second attachment for the same server is allowed
        # (the server moving off its host keeps the volume reserved).
        same_server = spec.get('instance_uuid') and any(
            a['instance_uuid'] == spec.get('instance_uuid') for a in busy)
        if same_server and volume['status'] in ('in-use', 'reserved'):
            pass
        elif not (volume['status'] == 'available' or
                  volume['multiattach'] and
                  volume['status'] in ('in-use', 'reserved', 'attaching')):
            raise Error(400, 'Invalid volume: Volume %s status must be '
                             'available or downloading to reserve, but the '
                             'current status is %s.'
                        % (volume['id'], volume['status']))
        if busy and not volume['multiattach'] and not same_server:
            raise Error(400, 'Invalid volume: volume %s already has an '
                             'attachment' % volume['id'])
        connector = spec.get('connector')
        attachment = {
            'id': str(uuid.uuid4()), 'volume_id': volume['id'],
            'instance': spec.get('instance_uuid'),
            'instance_uuid': spec.get('instance_uuid'),
            'project_id': project, 'connector': connector,
            'mountpoint': (connector or {}).get('mountpoint'),
            'attach_mode': 'rw', 'attached_at': None, 'detached_at': None,
            'attach_status': 'attaching' if connector else 'reserved'}
        self.attachments[attachment['id']] = attachment
        if volume['status'] == 'available':
            volume['status'] = 'attaching' if connector else 'reserved'
        return 200, {'attachment': self._attachment_view(attachment)}

    def _get_attachments(self, rest, query, body, project, admin):
        if rest and rest[0] != 'detail':
            attachment = self._visible_attachment(rest[0], project, admin)
            return 200, {'attachment': self._attachment_view(attachment)}
        found = [a for a in self.attachments.values()
                 if (admin or a['project_id'] == project) and
                 query.get('instance_id') in (None, a['instance_uuid']) and
                 query.get('volume_id') in (None, a['volume_id'])]
        return 200, {'attachments': [self._attachment_view(a)
                                     for a in found]}

    def _put_attachments(self, rest, query, body, project, admin):
        attachment = self._visible_attachment(rest[0], project, admin)
        connector = ((body or {}).get('attachment') or {}).get('connector')
        if not connector:
            raise Error(400, 'Invalid input received: Connector is required')
        attachment['connector'] = connector
        attachment['mountpoint'] = connector.get('mountpoint')
        if attachment['attach_status'] == 'reserved':
            attachment['attach_status'] = 'attaching'
        volume = self.volumes[attachment['volume_id']]
        if volume['status'] == 'reserved':
            volume['status'] = 'attaching'
        return 200, {'attachment': self._attachment_view(attachment)}

    def _post_attachments_action(self, rest, query, body, project, admin):
        attachment = self._visible_attachment(rest[0], project, admin)
        if 'os-complete' not in (body or {}):
            raise Error(400, 'Invalid attachment action')
        if attachment['connector'] is None:
            raise Error(400, 'Invalid volume: attachment %s has no connector'
                        % attachment['id'])
        attachment['attach_status'] = 'attached'
        attachment['attached_at'] = _now()
        self.volumes[attachment['volume_id']]['status'] = 'in-use'
        return 204, None

    def _delete_attachments(self, rest, query, body, project, admin):
        attachment = self._visible_attachment(rest[0], project, admin)
        volume = self.volumes[attachment['volume_id']]
        volume['status'] = 'detaching'
        del self.attachments[attachment['id']]
        left = self.attachments_of(volume['id'])
        if not left:
            volume['status'] = 'available'
        elif any(a['attach_status'] == 'attached' for a in left):
            volume['status'] = 'in-use'
        else:
            volume['status'] = 'reserved'
        return 200, {'attachments': []}

    # -- snapshots ----------------------------------------------------------

    def _visible_snapshot(self, snapshot_id, project, admin):
        snapshot = self.snapshots.get(snapshot_id)
        if snapshot is None or not (admin or
                                    snapshot['project_id'] == project):
            raise Error(404, 'Snapshot %s could not be found.' % snapshot_id)
        if snapshot['status'] == 'creating' and not snapshot['assisted']:
            snapshot['status'] = 'available'
        return snapshot

    def _get_snapshots(self, rest, query, body, project, admin):
        if rest and rest[0] != 'detail':
            return 200, {'snapshot': dict(self._visible_snapshot(
                rest[0], project, admin))}
        return 200, {'snapshots': [
            dict(self._visible_snapshot(s['id'], project, True))
            for s in list(self.snapshots.values())
            if admin and query.get('all_tenants') or
            s['project_id'] == project]}

    def _post_snapshots(self, rest, query, body, project, admin):
        spec = (body or {}).get('snapshot') or {}
        volume = self._visible_volume(spec.get('volume_id'), project, admin)
        if volume['status'] != 'available' and not spec.get('force'):
            raise Error(400, "Invalid volume: Volume %s status must be "
                             "available, but current status is: %s."
                        % (volume['id'], volume['status']))
        snapshot = {'id': str(uuid.uuid4()), 'volume_id': volume['id'],
                    'size': volume['size'], 'status': 'creating',
                    'name': spec.get('name'),
                    'description': spec.get('description'),
                    'created_at': _now(), 'progress': '0%',
                    'project_id': project, 'metadata': {},
                    'assisted': (self.assisted_snapshots and
                                 volume['status'] == 'in-use')}
        self.snapshots[snapshot['id']] = snapshot
        self.snapshot_origins[snapshot['id']] = (volume['bootable'],
                                                 volume.get('image_id'))
        return 202, {'snapshot': dict(snapshot)}

    def _delete_snapshots(self, rest, query, body, project, admin):
        snapshot = self._visible_snapshot(rest[0], project, admin)
        del self.snapshots[snapshot['id']]
        return 202, None

    # Cinder's os-update_snapshot_status transitions.
    _SNAPSHOT_STATUS_MAP = {'creating': ('creating', 'available', 'error'),
                            'deleting': ('deleting', 'error_deleting')}

    def _post_snapshots_action(self, rest, query, body, project, admin):
        update = (body or {}).get('os-update_snapshot_status')
        if not update or 'status' not in update:
            raise Error(400, 'Invalid snapshot action %s' % sorted(body or {}))
        snapshot = self._visible_snapshot(rest[0], project, admin)
        allowed = self._SNAPSHOT_STATUS_MAP.get(snapshot['status'])
        if allowed is None:
            raise Error(400, 'Snapshot status %s not allowed for '
                             'update_snapshot_status' % snapshot['status'])
        if update['status'] not in allowed:
            raise Error(400, 'Provided snapshot status %s not allowed for '
                             'snapshot with status %s.'
                        % (update['status'], snapshot['status']))
        snapshot['status'] = update['status']
        if update.get('progress'):
            snapshot['progress'] = update['progress']
        if snapshot['assisted'] and snapshot['progress'] == '90%':
            self._assisted_done(snapshot)
        return 202, None

    def _assisted_done(self, snapshot):
        """What the remotefs driver does once Nova's part is done."""
        volume = self.volumes[snapshot['volume_id']]
        if snapshot['status'] == 'creating':
            volume['active_file'] = 'volume-%s.%s' % (volume['id'],
                                                      snapshot['id'])
            volume['format'] = 'qcow2'
            snapshot.update(status='available', progress='100%',
                            assisted=False)
        elif snapshot['status'] == 'deleting':
            del self.snapshots[snapshot['id']]

    def begin_delete(self, snapshot_id):
        """A delete of an assisted snapshot under way: 'deleting' until
        Nova reports its merge done (tests)."""
        with self.lock:
            snapshot = self.snapshots[snapshot_id]
            snapshot.update(status='deleting', progress='0%', assisted=True)

    # -- limits -------------------------------------------------------------

    def _get_limits(self, rest, query, body, project, admin):
        volumes = [v for v in self.volumes.values()
                   if v['project_id'] == project]
        snapshots = [s for s in self.snapshots.values()
                     if s['project_id'] == project]
        absolute = dict(self.limits)
        absolute.update({
            'totalVolumesUsed': len(volumes),
            'totalGigabytesUsed': sum(v['size'] for v in volumes),
            'totalSnapshotsUsed': len(snapshots),
            'totalBackupsUsed': 0, 'totalBackupGigabytesUsed': 0})
        return 200, {'limits': {'rate': [], 'absolute': absolute}}

    # -- serving ------------------------------------------------------------

    def serve(self):
        """Serve over HTTP on 127.0.0.1 (a thread); returns (endpoint
        template for [cinder] endpoint_template, stop)."""
        server = simple_server.make_server(
            '127.0.0.1', 0, self.app, handler_class=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        endpoint = 'http://127.0.0.1:%d/v3/%%(project_id)s' % \
            server.server_address[1]
        return endpoint, server.shutdown


@contextlib.contextmanager
def serving(conf, fake=None):
    """`fake` (a new FakeCinder by default) served as [cinder]
    endpoint_template for the duration."""
    fake = fake or FakeCinder()
    endpoint, stop = fake.serve()
    conf.set_override('endpoint_template', endpoint, group='cinder')
    try:
        yield fake
    finally:
        conf.clear_override('endpoint_template', group='cinder')
        stop()


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass
