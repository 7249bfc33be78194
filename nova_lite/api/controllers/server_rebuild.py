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
from nova_lite.api.schemas import server_rebuild as schemas
from nova_lite.api import validation
from nova_lite.api.views import servers as server_views
from nova_lite import exception
from nova_lite.policies import server_rebuild as rebuild_policy

# Keys the pre-2.75 rebuild response does not show.
_HIDDEN_BEFORE_275 = (
    'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
    'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state',
    'OS-EXT-STS:power_state', 'os-extended-volumes:volumes_attached',
    'security_groups', 'host_status')

# request field -> instance field, with the microversion that allows it
# (the schema of each microversion already refuses the others).
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


def hide_before_275(server):
    """Drop what rebuild and update responses leave out before 2.75."""
    for key in list(server):
        if key in _HIDDEN_BEFORE_275 or key.startswith('OS-EXT-SRV-ATTR:'):
            del server[key]


def _password(args):
    password = args.get('adminPass')
    if password:
        return password
    alphabet = string.ascii_letters + string.digits
    return ''.join(secrets.choice(alphabet) for _ in range(12))


def _body(ctx, instance, password):
    view = server_views.ViewBuilder(pecan.request, ctx)
    server = view.show(instance,
                       server_groups=server_groups.groups_of(ctx, instance))
    if not base.at_least('2.75'):
        hide_before_275(server)
    # Nova adds these to the rebuild response itself (whatever the
    # extension attribute policy): key_name from 2.54, user_data from 2.57
    # (and then not as OS-EXT-SRV-ATTR:user_data).
    server.pop('OS-EXT-SRV-ATTR:user_data', None)
    if base.at_least('2.54'):
        server['key_name'] = instance.key_name
    if base.at_least('2.57'):
        server['user_data'] = instance.user_data
    if api_conf.get().api.enable_instance_password:
        server['adminPass'] = password
    return server


def rebuild(ctx, server_id, body):
    validation.validate(body, schemas.rebuild(base.version()))
    instance = base.compute_api().get(ctx, server_id,
                                      expected_attrs=['fault'])
    target = {'user_id': instance.user_id,
              'project_id': instance.project_id}
    ctx.can(rebuild_policy.REBUILD, target)
    args = body['rebuild']
    if args.get('trusted_image_certificates'):
        # Accepted for compatibility; nova_lite does not verify images.
        ctx.can(rebuild_policy.REBUILD_TRUSTED_CERTS, target)
    values = {field: args[name] for name, field in _FIELDS if name in args}
    preserve = strutils.bool_from_string(
        args.get('preserve_ephemeral', False), strict=False)
    password = _password(args)
    try:
        instance = base.compute_api().rebuild(
            ctx, instance, args['imageRef'], password,
            preserve_ephemeral=preserve, **values)
    except exception.ImageNotFound:
        raise exception.ValidationError(
            detail='Cannot find image for rebuild')
    return base.reply({'server': _body(ctx, instance, password)},
                      status=202)
