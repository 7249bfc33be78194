"""Give every request an id and return it on every response.

The id (``req-<uuid4>``) goes into the environ for the RequestContext and
comes back as ``x-openstack-request-id`` (and Nova's older
``x-compute-request-id``) on all responses, errors included, except the
version list at ``/``: Nova serves that without its request id filter.
The id is made there as well, for the request log. A valid
inbound ``X-OpenStack-Request-ID`` is kept as the global request id, as
oslo.middleware does.
"""
import re

from oslo_context import context as oslo_context

ENV_REQUEST_ID = 'openstack.request_id'
ENV_GLOBAL_REQUEST_ID = 'openstack.global_request_id'
HEADER = 'x-openstack-request-id'
COMPUTE_HEADER = 'x-compute-request-id'

_GLOBAL_ID_RE = re.compile(r'^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-'
                           r'[a-f0-9]{4}-[a-f0-9]{12}$')


class RequestIdMiddleware(object):
    def __init__(self, application, extra_header=COMPUTE_HEADER,
                 skip_root=True):
        self.application = application
        self.extra_header = extra_header
        # Placement's request id filter covers its version document too.
        self.skip_root = skip_root

    def __call__(self, environ, start_response):
        req_id = oslo_context.generate_request_id()
        environ[ENV_REQUEST_ID] = req_id
        inbound = environ.get('HTTP_X_OPENSTACK_REQUEST_ID')
        if inbound and _GLOBAL_ID_RE.match(inbound):
            environ[ENV_GLOBAL_REQUEST_ID] = inbound

        if self.skip_root and environ.get('PATH_INFO', '') in ('', '/'):
            return self.application(environ, start_response)

        def _start_response(status, headers, exc_info=None):
            names = {name.lower() for name, _ in headers}
            headers = list(headers)
            if HEADER not in names:
                headers.append((HEADER, req_id))
            if self.extra_header and self.extra_header not in names:
                headers.append((self.extra_header, req_id))
            return start_response(status, headers, exc_info)

        return self.application(environ, _start_response)
