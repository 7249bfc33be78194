"""oslo.messaging plumbing shared by every daemon.

Every message carries the caller's RequestContext (and so its request id);
versioned objects travel as primitives through the serializer.
"""
import oslo_messaging as messaging
from oslo_messaging.rpc import dispatcher
from oslo_serialization import jsonutils

from nova_lite import context as nl_context
from nova_lite import upgrade_levels

TRANSPORT = None
NOTIFICATION_TRANSPORT = None
NOTIFIER = None
# Versioned notifications (nova_lite.notifications); NOTIFIER above sends
# the legacy unversioned ones. Both are prepared with a publisher_id.
VERSIONED_NOTIFIER = None
# How often a message sent while the broker is unreachable is retried
# before the sender gets an error ([DEFAULT] rpc_send_retries); None:
# oslo.messaging's default (forever).
SEND_RETRIES = None

# Exceptions from these modules are re-raised by type on the caller's side.
ALLOWED_EXMODS = ['nova_lite.exception', 'nova_lite.network.exceptions']


def init(conf):
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER, VERSIONED_NOTIFIER
    global SEND_RETRIES
    if TRANSPORT is not None:
        return
    try:
        SEND_RETRIES = conf.rpc_send_retries
    except Exception:  # a bare ConfigOpts without nova_lite's options
        SEND_RETRIES = None
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
                                    serializer=_object_serializer(),
                                    retry=SEND_RETRIES)


class VersionedClient(object):
    """An RPCClient whose version_cap follows [upgrade_levels] `option`.

    prepare() and can_send_version() apply the current cap (see
    nova_lite.upgrade_levels) to the one oslo.messaging RPCClient first,
    so a cap that lifts (or is reset on SIGHUP) takes effect without a
    new client. prepare_baseline() skips that: for messages of a version
    every supported release serves (ping, object indirection), which is
    also how the cap itself is read through the conductor.
    """

    def __init__(self, client, cap):
        self._client = client
        self._cap = cap

    @property
    def target(self):
        return self._client.target

    @property
    def version_cap(self):
        return self._client.version_cap

    def refresh_cap(self):
        cap = self._cap.get()
        if cap != self._client.version_cap:
            self._client.version_cap = cap
        return cap

    def prepare(self, **kwargs):
        self.refresh_cap()
        return self._client.prepare(**kwargs)

    def prepare_baseline(self, **kwargs):
        return self._client.prepare(**kwargs)

    def can_send_version(self, version):
        self.refresh_cap()
        return self._client.can_send_version(version)


def get_versioned_client(target, option):
    """A VersionedClient for `target`, capped by [upgrade_levels]
    `option` ('compute', 'conductor' or 'scheduler')."""
    return VersionedClient(get_client(target),
                           upgrade_levels.cap_for(option))


def reset_version_caps():
    """Forget the chosen RPC version caps (SIGHUP): the next message of
    each client re-reads [upgrade_levels] and the service records."""
    upgrade_levels.reset()


def get_server(target, endpoints, executor='threading'):
    assert TRANSPORT is not None, 'rpc.init() was not called'
    kwargs = {}
    if executor != 'threading':
        # threading is oslo.messaging's default; naming it is deprecated.
        kwargs['executor'] = executor
    return messaging.get_rpc_server(
        TRANSPORT, target, endpoints, serializer=_object_serializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy, **kwargs)
