"""Emitting a notification: the enabled/format checks and the notifiers."""
from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import rpc

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

INFO = 'INFO'
ERROR = 'ERROR'


def _driver_enabled():
    try:
        drivers = CONF.oslo_messaging_notifications.driver
    except Exception:  # oslo.messaging's options not registered yet
        return False
    return any(d and d != 'noop' for d in drivers or [])


def versioned_enabled():
    return (rpc.VERSIONED_NOTIFIER is not None and _driver_enabled() and
            CONF.notifications.notification_format in ('versioned',
                                                       'both'))


def legacy_enabled():
    return (rpc.NOTIFIER is not None and _driver_enabled() and
            CONF.notifications.notification_format in ('unversioned',
                                                       'both'))


def _send(notifier, context, publisher_id, event_type, payload, priority):
    prepared = notifier.prepare(publisher_id=publisher_id)
    method = prepared.error if priority == ERROR else prepared.info
    try:
        method(context, event_type, payload)
    except Exception:
        # A notification must never break the operation it describes.
        LOG.exception('Could not send notification %s', event_type)


def emit_versioned(context, publisher_id, event_type, payload,
                   priority=INFO):
    if versioned_enabled():
        _send(rpc.VERSIONED_NOTIFIER, context, publisher_id, event_type,
              payload, priority)


def emit_legacy(context, publisher_id, event_type, payload, priority=INFO):
    if legacy_enabled():
        _send(rpc.NOTIFIER, context, publisher_id, event_type, payload,
              priority)


def publisher(binary, host):
    """'nova-compute:<host>' (versioned) for binary 'nova-compute'."""
    return '%s:%s' % (binary, host or CONF.host)


def legacy_publisher(binary, host):
    """'compute.<host>' / 'api.<host>' (legacy)."""
    service = binary[len('nova-'):] if binary.startswith('nova-') \
        else binary
    return '%s.%s' % (service, host or CONF.host)
