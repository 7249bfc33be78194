"""Microversion 2.102: the GET resources that took no query parameter
and ignored any they were sent refuse an unknown one (400), as Nova 34
declares for each of them (query schemas without properties and with
additionalProperties false from 2.102).

Resources with parameters of their own (server and flavor lists, key
pairs, hypervisors, ...) validate their query themselves (strict from
2.75, see nova_lite.api.validation.validate_query); the resources not in
this table keep accepting and ignoring extra parameters, as in Nova.

Paths are those under /v2.1 after the optional project id.
"""
import re

import webob

from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api import validation

STRICT = microversion.Range('2.102')

_ID = r'[^/]+'
_PATHS = [
    r'/os-aggregates(/%s)?' % _ID,
    r'/os-availability-zone(/detail)?',
    r'/extensions(/%s)?' % _ID,
    r'/flavors/(?!detail$)%s' % _ID,
    r'/flavors/%s/os-flavor-access' % _ID,
    r'/flavors/%s/os-extra_specs(/%s)?' % (_ID, _ID),
    r'/os-instance_usage_audit_log(/%s)?' % _ID,
    r'/os-quota-class-sets/%s' % _ID,
    r'/os-server-groups/%s' % _ID,
    r'/servers/(?!detail$)%s' % _ID,
    r'/servers/%s/os-interface(/%s)?' % (_ID, _ID),
    r'/servers/%s/os-instance-actions/%s' % (_ID, _ID),
    r'/servers/%s/ips(/%s)?' % (_ID, _ID),
    r'/servers/%s/os-security-groups' % _ID,
    r'/servers/%s/diagnostics' % _ID,
    r'/servers/%s/metadata(/%s)?' % (_ID, _ID),
    r'/servers/%s/migrations(/%s)?' % (_ID, _ID),
    r'/servers/%s/os-server-password' % _ID,
    r'/servers/%s/topology' % _ID,
]
_STRICT_PATHS = re.compile(r'^(?:%s)/?$' % '|'.join(_PATHS))


class StrictQuery(object):
    """400 for any query parameter on the resources above, from 2.102."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (environ.get('REQUEST_METHOD') == 'GET' and
                environ.get('QUERY_STRING') and
                environ.get(microversion.ENVIRON_KEY) in STRICT and
                _STRICT_PATHS.match(environ.get('PATH_INFO', ''))):
            params = webob.Request(environ).GET
            if params:
                message = validation.unexpected_query_message(list(params))
                return faults.error_response(400, message)(environ,
                                                           start_response)
        return self.application(environ, start_response)
