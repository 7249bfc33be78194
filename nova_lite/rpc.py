"""oslo.messaging plumbing shared by every daemon.

Every message carries the caller's RequestContext (and so its request id);
versioned objects travel as primitives through the serializer.
"""
import oslo_messaging as messaging
from oslo_messaging.rpc import dispatcher
from oslo_serialization import jsonutils

from nova_lite import context as nl_context

TRANSPORT = None
NOTIFICATION_TRANSPORT = None
NOTIFIER = None
# Versioned notifications (nova_lite.notifications); NOTIFIER above sends
# the legacy unversioned ones. Both are prepared with a publisher_id.
VERSIONED_NOTIFIER = None

# Exceptions from these modules are re-raised by type on the caller's side.
ALLOWED_EXMODS = ['nova_lite.exception']


def init(conf):
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER, VERSIONED_NOTIFIER
    if TRANSPORT is not None:
        return
    TRANSPORT = messaging.get_rpc_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)
    NOTIFICATION_TRANSPORT = messaging.get_notification_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)
    NOTIFIER = messaging.Notifier(
        NOTIFICATION_TRANSPORT, serializer=RequestContextSerializer(
            JsonPayloadSerializer()))
    try:
        topics = conf.notifications.versioned_notifications_topics
    except Exception:  # a bare ConfigOpts without nova_lite's options
        topics = ['versioned_notifications']
    VERSIONED_NOTIFIER = messaging.Notifier(
        NOTIFICATION_TRANSPORT, topics=topics,
        serializer=RequestContextSerializer(JsonPayloadSerializer()))


def cleanup():
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER, VERSIONED_NOTIFIER
    for transport in (TRANSPORT, NOTIFICATION_TRANSPORT):
        if transport is not None:
            transport.cleanup()
    TRANSPORT = NOTIFICATION_TRANSPORT = NOTIFIER = None
    VERSIONED_NOTIFIER = None


def initialized():
    return TRANSPORT is not None


class JsonPayloadSerializer(messaging.NoOpSerializer):
    @staticmethod
    def serialize_entity(context, entity):
        return jsonutils.to_primitive(entity, convert_instances=True)


class RequestContextSerializer(messaging.Serializer):
    """Wraps an entity serializer and turns contexts into dicts and back."""

    def __init__(self, base=None):
        self._base = base

    def serialize_entity(self, context, entity):
        if not self._base:
            return entity
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        if not self._base:
            return entity
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return nl_context.RequestContext.from_dict(context)


def _object_serializer():
    from nova_lite.objects import base as obj_base
    return RequestContextSerializer(obj_base.NovaLiteObjectSerializer())


def get_client(target, version_cap=None):
    assert TRANSPORT is not None, 'rpc.init() was not called'
    return messaging.get_rpc_client(TRANSPORT, target,
                                    version_cap=version_cap,
                                    serializer=_object_serializer())


def get_server(target, endpoints, executor='threading'):
    assert TRANSPORT is not None, 'rpc.init() was not called'
    kwargs = {}
    if executor != 'threading':
        # threading is oslo.messaging's default; naming it is deprecated.
        kwargs['executor'] = executor
    return messaging.get_rpc_server(
        TRANSPORT, target, endpoints, serializer=_object_serializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy, **kwargs)
