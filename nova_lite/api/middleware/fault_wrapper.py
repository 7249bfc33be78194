"""Catch whatever escapes the inner application and answer with a fault.

Domain exceptions become their HTTP code with Nova's body; unexpected ones
become a 500 computeFault with a generic message (the traceback only goes
to the log).
"""
from oslo_log import log as logging

from nova_lite.api import faults

LOG = logging.getLogger(__name__)


class FaultWrapper(object):
    """`to_response(exc)` makes the answer (Nova's faults by default; the
    Placement API passes its own error body)."""

    def __init__(self, application, to_response=None):
        self.application = application
        self.to_response = to_response or faults.exception_to_response

    def __call__(self, environ, start_response):
        try:
            return self.application(environ, start_response)
        except Exception as exc:  # noqa: B902 - the API must never crash
            resp = self.to_response(exc)
            return resp(environ, start_response)
