"""POST /servers/{id}/action: reboot, os-start, os-stop,
os-getConsoleOutput. One small function per action."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers import server_lookup
from nova_lite.api.controllers import server_subresources
from nova_lite.api.controllers import server_state_actions
from nova_lite.api.controllers import server_rebuild
from nova_lite.api.controllers import server_security_groups
from nova_lite.api.controllers import server_resize
from nova_lite.api.controllers import server_shelve_actions
from nova_lite.api.controllers import server_snapshot_actions
from nova_lite.api.controllers import remote_consoles
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.api import faults
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.policies import console_output as console_policy
from nova_lite.policies import servers as server_policy

SERVERS = server_policy.SERVERS


def _instance(ctx, server_id, rule):
    return server_lookup.instance_for(ctx, server_id, rule,
                                      server_lookup.OWNER)


def reboot(ctx, server_id, body):
    validation.validate(body, schemas.reboot)
    instance = _instance(ctx, server_id, SERVERS % 'reboot')
    base.compute_api().reboot(ctx, instance, body['reboot']['type'].upper())
    return base.reply(status=202)


def start(ctx, server_id, body):
    validation.validate(body, schemas.start)
    instance = _instance(ctx, server_id, SERVERS % 'start')
    base.compute_api().start(ctx, instance)
    return base.reply(status=202)


def stop(ctx, server_id, body):
    validation.validate(body, schemas.stop)
    instance = _instance(ctx, server_id, SERVERS % 'stop')
    base.compute_api().stop(ctx, instance)
    return base.reply(status=202)


@faults.answers({NotImplementedError: (
    501, 'Unable to get console log, functionality not implemented')})
def get_console_output(ctx, server_id, body):
    validation.validate(body, schemas.get_console_output)
    instance = _instance(ctx, server_id, console_policy.BASE_POLICY_NAME)
    length = (body['os-getConsoleOutput'] or {}).get('length')
    if length is not None:
        length = int(length)
        if length == -1:
            length = None
    output = base.compute_api().get_console_output(ctx, instance,
                                                   tail_length=length)
    return base.reply({'output': output})


ACTIONS = {
    'reboot': reboot,
    'os-start': start,
    'os-stop': stop,
    'os-getConsoleOutput': get_console_output,
    'rebuild': server_rebuild.rebuild,
    'os-getVNCConsole': remote_consoles.get_vnc_console_action,
}

# pause, lock, rescue, os-resetState, restore, ... (server_state_actions)
ACTIONS.update(server_state_actions.ACTIONS)
# resize, confirmResize, revertResize, migrate (server_resize)
ACTIONS.update(server_resize.ACTIONS)
# createImage, createBackup (server_snapshot_actions)
ACTIONS.update(server_snapshot_actions.ACTIONS)
# shelve, shelveOffload, unshelve (server_shelve_actions)
ACTIONS.update(server_shelve_actions.ACTIONS)
# addSecurityGroup, removeSecurityGroup (server_security_groups)
ACTIONS.update(server_security_groups.ACTIONS)


def dispatch(server_id):
    """POST /servers/{server_id}/action"""
    ctx = base.context()
    body = base.body()
    if len(body) != 1:
        raise exception.ValidationError(detail='Malformed request body')
    name = next(iter(body))
    handler = ACTIONS.get(name)
    if handler is None:
        raise exception.ValidationError(
            detail='There is no such action: %s' % name)
    return handler(ctx, server_id, body)


server_subresources.register('action', routing.Resource(
    collection={'POST': dispatch}))
