"""Remote consoles: POST /servers/{id}/remote-consoles (2.6+), the legacy
os-getVNCConsole server action (2.1-2.5), and GET
/os-console-auth-tokens/{token} (admin). Only VNC through noVNC is
served (nova-lite-novncproxy); other protocols are 400 "unavailable"."""
import pecan
import webob.exc

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers import server_lookup
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.microversion import versioned
from nova_lite.api.schemas import remote_consoles as schemas
from nova_lite.api import validation
from nova_lite.api.views import remote_consoles as views
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

TOKEN_CHANGES = microversion.Changes({
    'any_console_type': '2.31',     # before: rdp-html5 tokens only
    'tls_port': '2.99',
})


def _instance(ctx, server_id):
    return server_lookup.instance_for(ctx, server_id,
                                      policies.REMOTE_CONSOLES,
                                      server_lookup.OWNER)


def _vnc_url(ctx, instance, console_type):
    if console_type != 'novnc':
        raise exception.ConsoleTypeUnavailable(console_type=console_type)
    return base.compute_api().get_vnc_console(ctx, instance,
                                              console_type)['url']


@versioned(min='2.6')
def create(server_id):
    """POST /servers/{server_id}/remote-consoles"""
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.CREATE.current())
    instance = _instance(ctx, server_id)
    protocol = body['remote_console']['protocol']
    console_type = body['remote_console']['type']
    if console_type not in PROTOCOL_TYPES.get(protocol, ()):
        raise exception.ConsoleTypeInvalid(console_type=console_type)
    if (protocol, console_type) not in SUPPORTED:
        raise exception.ConsoleTypeUnavailable(console_type=console_type)
    url = _vnc_url(ctx, instance, console_type)
    return base.reply(views.remote_console(protocol, console_type, url))


@versioned(max='2.5')
def get_vnc_console_action(ctx, server_id, body):
    """The os-getVNCConsole server action (replaced in 2.6)."""
    validation.validate(body, schemas.get_vnc_console)
    instance = _instance(ctx, server_id)
    console_type = body['os-getVNCConsole']['type']
    url = _vnc_url(ctx, instance, console_type)
    return base.reply(views.vnc_console(console_type, url))


@faults.answers({exception.InvalidToken: (404, 'Token not found')})
def show_token(token):
    """GET /os-console-auth-tokens/{token}

    Before 2.31 it only ever showed rdp-html5 consoles, which no driver
    has any more: Nova answers a bare 400 there, whatever the token."""
    changes = TOKEN_CHANGES.current()
    if 'any_console_type' not in changes:
        raise webob.exc.HTTPBadRequest()
    ctx = base.context()
    ctx.can(policies.CONSOLE_AUTH_TOKENS, target={})
    if not token:
        raise exception.ValidationError(detail='token not provided')
    auth = objects.ConsoleAuthToken.validate(ctx, token)
    return base.reply(views.auth_token(auth, 'tls_port' in changes))


server_subresources.register('remote-consoles', routing.Resource(
    collection={'POST': create}))

class ConsoleAuthTokensController(object):
    """/os-console-auth-tokens"""

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

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
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_token(self.token)
