"""POST /servers/{id}/action {"rebuild": {...}}: reinstall a server from
an image on the same host, keeping its id, addresses and flavor.

Allowed in ACTIVE, SHUTOFF and ERROR (409 otherwise, or when locked). The
answer is 202 with the server body; before 2.75 that body leaves out the
extension attributes (OS-EXT-*, key_name, config_drive ...), as in Nova.
"""
import secrets
import string

import pecan
from oslo_utils import strutils

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_groups
from nova_lite.api.controllers import server_lookup
from nova_lite.api import faults
from nova_lite.api.schemas import server_rebuild as schemas
from nova_lite.api import validation
from nova_lite.api.views import links
from nova_lite.api.views import servers as server_views
from nova_lite import exception
from nova_lite.policies import server_rebuild as rebuild_policy

# request field -> instance field (the schema of each microversion
# already refuses the fields it does not know).
_FIELDS = (
    ('name', 'display_name'),
    ('description', 'display_description'),
    ('key_name', 'key_name'),
    ('user_data', 'user_data'),
    ('hostname', 'hostname'),
    ('metadata', 'metadata'),
    ('accessIPv4', 'access_ip_v4'),
    ('accessIPv6', 'access_ip_v6'),
)


def _password(args):
    password = args.get('adminPass')
    if password:
        return password
    alphabet = string.ascii_letters + string.digits
    return ''.join(secrets.choice(alphabet) for _ in range(12))


@faults.answers({exception.ImageNotFound:
                 (400, 'Cannot find image for rebuild'),
                 exception.ImageUnacceptable: 400})
def rebuild(ctx, server_id, body):
    validation.validate(body, schemas.REBUILD.current())
    instance = server_lookup.instance_for(
        ctx, server_id, rebuild_policy.REBUILD, server_lookup.OWNER,
        expected_attrs=['fault'])
    args = body['rebuild']
    if args.get('trusted_image_certificates'):
        # Accepted for compatibility; nova_lite does not verify images.
        ctx.can(rebuild_policy.REBUILD_TRUSTED_CERTS,
                server_lookup.OWNER.build(ctx, instance))
    values = {field: args[name] for name, field in _FIELDS if name in args}
    validation.canonical_access_ips(values)
    preserve = strutils.bool_from_string(
        args.get('preserve_ephemeral', False), strict=False)
    password = _password(args)
    instance = base.compute_api().rebuild(
        ctx, instance, args['imageRef'], password,
        preserve_ephemeral=preserve, **values)
    view = server_views.ViewBuilder(pecan.request, ctx)
    shown_password = password \
        if api_conf.get().api.enable_instance_password else None
    # As a create, Nova's rebuild points at the server (Location).
    return base.reply(view.rebuilt(
        instance, shown_password,
        server_groups=server_groups.groups_of(ctx, instance)), status=202,
        headers={'Location': links.self_href(pecan.request, 'servers',
                                             instance.uuid)})
