"""Events to Nova: POST /v2.1/os-server-external-events with the [nova]
credentials (keystoneauth), as Neutron's nova notifier does. Events are
sent in order by one background thread, so neither an API request nor an
agent's report waits for Nova."""
import queue
import threading

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

NOVA_GROUP = 'nova'


class NovaNotifier(object):
    def __init__(self, conf, session=None):
        self.conf = conf
        self._session = session
        self._auth = None

    def _adapter(self):
        group = self.conf.nova
        if self._session is None:
            self._auth = ks_loading.load_auth_from_conf_options(
                self.conf, NOVA_GROUP) if group.auth_type else None
            self._session = ks_loading.load_session_from_conf_options(
                self.conf, NOVA_GROUP, auth=self._auth)
        from keystoneauth1 import adapter
        return adapter.Adapter(
            self._session, auth=self._auth, service_type='compute',
            interface=group.endpoint_type, region_name=group.region_name,
            endpoint_override=group.endpoint_override)

    def event(self, name, server_uuid, port_id, status='completed'):
        return {'name': name, 'server_uuid': server_uuid, 'tag': port_id,
                'status': status}

    def send_events(self, events):
        if not events or not self.conf.nova.send_events:
            return None
        if not (self.conf.nova.endpoint_override or
                self.conf.nova.auth_type):
            LOG.debug('No [nova] endpoint or credentials: not sending %s',
                      events)
            return None
        headers = {'OpenStack-API-Version': 'compute 2.1'}
        if not self.conf.nova.auth_type:
            # noauth2 Compute API (nova-lite-all): an admin token
            headers['X-Auth-Token'] = 'admin:admin'
        try:
            resp = self._adapter().post(
                '/os-server-external-events', json={'events': events},
                headers=headers, raise_exc=False, timeout=30)
        except ks_exc.ClientException as caught:
            LOG.warning('Could not send %s to Nova: %s', events, caught)
            return None
        if resp.status_code not in (200, 207):
            LOG.warning('Nova answered %s to events %s: %s',
                        resp.status_code, events, resp.text[:300])
        else:
            LOG.info('Sent %s to Nova', ', '.join(
                '%s for %s' % (e['name'], e['tag']) for e in events))
        return resp

    def send_event(self, context, name, server_uuid, port_id,
                   status='completed'):
        """Queue one event (sent soon, in order)."""
        self._queue().put([self.event(name, server_uuid, port_id, status)])

    def _queue(self):
        with _LOCK:
            if getattr(self, '_pending', None) is None:
                self._pending = queue.Queue()
                threading.Thread(target=self._run, daemon=True,
                                 name='nova-notifier').start()
        return self._pending

    def _run(self):
        while True:
            events = self._pending.get()
            try:
                self.send_events(events)
            except Exception:
                LOG.exception('Could not send %s to Nova', events)
            finally:
                self._pending.task_done()

    def flush(self):
        """Wait until every queued event was sent (tests)."""
        if getattr(self, '_pending', None) is not None:
            self._pending.join()


_LOCK = threading.Lock()
