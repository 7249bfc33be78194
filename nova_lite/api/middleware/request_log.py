"""One log line per request: method, path, status, request id, time."""
import time

from oslo_log import log as logging

from nova_lite.api import microversion
from nova_lite.api.middleware import request_id
from nova_lite import context as nl_context

LOG = logging.getLogger('nova_lite.api.requestlog')


class RequestLog(object):
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.monotonic()
        state = {'status': '-', 'length': '-'}

        def _start_response(status, headers, exc_info=None):
            state['status'] = status.split(' ', 1)[0]
            for name, value in headers:
                if name.lower() == 'content-length':
                    state['length'] = value
            return start_response(status, headers, exc_info)

        try:
            return self.application(environ, _start_response)
        finally:
            self._log(environ, state, time.monotonic() - started)

    @staticmethod
    def _log(environ, state, elapsed):
        path = environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')
        if environ.get('QUERY_STRING'):
            path += '?' + environ['QUERY_STRING']
        ctx = environ.get('nova.context')
        if ctx is None:
            ctx = nl_context.RequestContext(
                request_id=environ.get(request_id.ENV_REQUEST_ID),
                overwrite=False)
        version = environ.get(microversion.ENVIRON_KEY)
        LOG.info('%(remote)s "%(method)s %(path)s" status: %(status)s '
                 'len: %(len)s microversion: %(mv)s time: %(time).6f',
                 {'remote': environ.get('REMOTE_ADDR', '-'),
                  'method': environ.get('REQUEST_METHOD'),
                  'path': path, 'status': state['status'],
                  'len': state['length'],
                  'mv': version if version is not None else '-',
                  'time': elapsed},
                 context=ctx)
