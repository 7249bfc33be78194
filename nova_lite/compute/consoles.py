"""Remote consoles, compute side: ask the driver where the guest's
console listens and authorize a token for it (stored through the
conductor), as Nova's compute manager does for get_vnc_console."""
from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

VNC_CONSOLE_TYPES = ('novnc',)


def get_vnc_console(context, driver, instance, console_type):
    """{'token', 'access_url', 'host', 'port', 'internal_access_path'} for
    a VNC console of `console_type` on this host's guest."""
    if not CONF.vnc.enabled:
        raise exception.ConsoleTypeUnavailable(console_type=console_type)
    if console_type not in VNC_CONSOLE_TYPES:
        raise exception.ConsoleTypeInvalid(console_type=console_type)
    try:
        info = driver.get_vnc_console(context, instance)
    except (exception.ConsoleNotAvailable, NotImplementedError):
        raise exception.ConsoleTypeUnavailable(console_type=console_type)
    except exception.InstanceNotFound:
        raise exception.InstanceNotReady(instance_id=instance.uuid)
    auth = objects.ConsoleAuthToken(
        context, console_type=console_type, host=info['host'],
        port=int(info['port']),
        internal_access_path=info.get('internal_access_path'),
        instance_uuid=instance.uuid,
        access_url_base=CONF.vnc.novncproxy_base_url)
    auth.authorize(CONF.consoleauth.token_ttl)
    LOG.info('VNC console of instance %s authorized (%s:%s, ttl %s s)',
             instance.uuid, info['host'], info['port'],
             CONF.consoleauth.token_ttl)
    return {'token': auth.token, 'access_url': auth.access_url,
            'host': auth.host, 'port': auth.port,
            'internal_access_path': auth.internal_access_path}


def clean_tokens_for_instance(context, instance_uuid):
    try:
        objects.ConsoleAuthToken.clean_console_auths_for_instance(
            context, instance_uuid)
    except Exception:
        LOG.exception('Could not remove the console tokens of %s',
                      instance_uuid)


def clean_expired_tokens(context, host):
    objects.ConsoleAuthToken.clean_expired_console_auths(context, host)
