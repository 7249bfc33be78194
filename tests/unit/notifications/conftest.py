"""The notifications a test sends, through oslo.messaging's in-memory
'test' notifier driver."""
import oslo_messaging as messaging
from oslo_messaging.notify import _impl_test
import pytest

from nova_lite import conf as nl_conf
from nova_lite import rpc

CONF = nl_conf.CONF


@pytest.fixture
def sent(monkeypatch):
    """The notifications sent during the test: [(ctxt, message, prio)]."""
    transport = messaging.get_notification_transport(CONF, url='fake:/')
    CONF.set_override('driver', ['test'],
                      group='oslo_messaging_notifications')
    serializer = rpc.RequestContextSerializer(rpc.JsonPayloadSerializer())
    monkeypatch.setattr(rpc, 'VERSIONED_NOTIFIER', messaging.Notifier(
        transport, driver='test', topics=['versioned_notifications'],
        serializer=serializer))
    monkeypatch.setattr(rpc, 'NOTIFIER', messaging.Notifier(
        transport, driver='test', serializer=serializer))
    del _impl_test.NOTIFICATIONS[:]
    yield _impl_test.NOTIFICATIONS
    del _impl_test.NOTIFICATIONS[:]
    for name, group in (('driver', 'oslo_messaging_notifications'),
                        ('notification_format', 'notifications'),
                        ('notify_on_state_change', 'notifications')):
        CONF.clear_override(name, group=group)
