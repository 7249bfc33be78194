"""Remote consoles: POST /servers/{id}/remote-consoles (2.6+), the legacy
os-getVNCConsole server action (2.1-2.5), and GET
/os-console-auth-tokens/{token} (admin). Only VNC through noVNC is
served (nova-lite-novncproxy); other protocols are 400 "unavailable"."""
import pecan
import webob.exc

from nova_lite.api.controllers import base
from nova_lite.api.schemas import remote_consoles as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import remote_consoles as policies

SUPPORTED = {('vnc', 'novnc')}
# Which console types each protocol has (a mismatch is "invalid").
PROTOCOL_TYPES = {
    'vnc': ('novnc', 'xvpvnc'),
    'spice': ('spice-html5', 'spice-direct'),
    'rdp': ('rdp-html5',),
    'serial': ('serial',),
    'mks': ('webmks',),
}


def _instance(ctx, server_id):
    instance = base.compute_api().get(ctx, server_id)
    ctx.can(policies.REMOTE_CONSOLES, {'user_id': instance.user_id,
                                       'project_id': instance.project_id})
    return instance


def _vnc_url(ctx, instance, console_type):
    if console_type != 'novnc':
        raise exception.ConsoleTypeUnavailable(console_type=console_type)
    return base.compute_api().get_vnc_console(ctx, instance,
                                              console_type)['url']


def create(server_id):
    """POST /servers/{server_id}/remote-consoles"""
    if not base.at_least('2.6'):
        raise webob.exc.HTTPNotFound()
    ctx = base.context()
    body = base.body()
    if base.at_least('2.99'):
        schema = schemas.create_v299
    elif base.at_least('2.8'):
        schema = schemas.create_v28
    else:
        schema = schemas.create_v26
    validation.validate(body, schema)
    instance = _instance(ctx, server_id)
    protocol = body['remote_console']['protocol']
    console_type = body['remote_console']['type']
    if console_type not in PROTOCOL_TYPES.get(protocol, ()):
        raise exception.ConsoleTypeInvalid(console_type=console_type)
    if (protocol, console_type) not in SUPPORTED:
        raise exception.ConsoleTypeUnavailable(console_type=console_type)
    url = _vnc_url(ctx, instance, console_type)
    return base.reply({'remote_console': {
        'protocol': protocol, 'type': console_type, 'url': url}})


def get_vnc_console_action(ctx, server_id, body):
    """The os-getVNCConsole server action (replaced in 2.6)."""
    if base.at_least('2.6'):
        raise webob.exc.HTTPNotFound()
    validation.validate(body, schemas.get_vnc_console)
    instance = _instance(ctx, server_id)
    console_type = body['os-getVNCConsole']['type']
    url = _vnc_url(ctx, instance, console_type)
    return base.reply({'console': {'type': console_type, 'url': url}})


def show_token(token):
    """GET /os-console-auth-tokens/{token}"""
    ctx = base.context()
    ctx.can(policies.CONSOLE_AUTH_TOKENS, target={})
    if not token:
        raise exception.ValidationError(detail='token not provided')
    try:
        auth = objects.ConsoleAuthToken.validate(ctx, token)
    except exception.InvalidToken:
        raise exception.NotFound('Token not found')
    if not base.at_least('2.31') and auth.console_type != 'rdp-html5':
        raise exception.ValidationError(
            detail='The requested console type details are not '
                   'accessible')
    console = {'instance_uuid': auth.instance_uuid, 'host': auth.host,
               'port': auth.port,
               'internal_access_path': auth.internal_access_path}
    if base.at_least('2.99'):
        console['tls_port'] = None
    return base.reply({'console': console})


class ConsoleAuthTokensController(object):
    """/os-console-auth-tokens"""

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.not_allowed()

    @pecan.expose()
    def _lookup(self, token, *remainder):
        if remainder:
            raise webob.exc.HTTPNotFound()
        return ConsoleAuthTokenController(token), remainder


class ConsoleAuthTokenController(object):
    def __init__(self, token):
        self.token = token

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.not_allowed()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_token(self.token)
