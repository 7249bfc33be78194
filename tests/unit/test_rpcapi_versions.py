"""The conductor and scheduler clients send each method at the version
that introduced it, under the [upgrade_levels] cap; object indirection
and ping go out at 1.0 without looking the cap up (the cap itself is read
through them)."""
import oslo_messaging as messaging
import pytest

from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite import rpc
from nova_lite.scheduler import rpcapi as scheduler_rpcapi
from nova_lite import upgrade_levels
from tests import conf as test_conf

objects.register_all()
CONF = test_conf.parse_once()


@pytest.fixture
def sent(monkeypatch):
    """(topic, method, version) of every message, over the fake
    transport (a call is answered None at once)."""
    fake = messaging.get_rpc_transport(CONF, url='fake:/')
    messages = []
    real_send = fake._send

    def _send(target, ctxt, message, **kwargs):
        messages.append((target.topic, message['method'],
                         message['version']))
        if kwargs.get('wait_for_reply'):
            return None
        return real_send(target, ctxt, message, **kwargs)

    monkeypatch.setattr(fake, '_send', _send)
    monkeypatch.setattr(rpc, 'TRANSPORT', fake)
    monkeypatch.setattr(upgrade_levels, '_CAPS', {})
    yield messages
    fake.cleanup()
    for option in ('conductor', 'scheduler'):
        CONF.clear_override(option, group='upgrade_levels')


@pytest.fixture
def no_minimum_reads(monkeypatch):
    def refuse(cls, context, binary):
        raise AssertionError('the cap was looked up')
    monkeypatch.setattr(objects.Service, 'get_minimum_version',
                        classmethod(refuse))


CTX = nl_context.get_admin_context()


def _conductor_casts(api):
    api.build_instances(CTX, [], {}, {}, {})
    api.record_action_event(CTX, 'uuid', 'event', 'start')
    api.migrate_server(CTX, objects.Instance(), objects.Flavor(), {})
    api.unshelve_instance(CTX, objects.Instance(), {})


def test_conductor_methods_send_their_versions(sent):
    _conductor_casts(conductor_rpcapi.ConductorAPI())
    assert sent == [('conductor', 'build_instances', '1.0'),
                    ('conductor', 'record_action_event', '1.1'),
                    ('conductor', 'migrate_server', '1.2'),
                    ('conductor', 'unshelve_instance', '1.3')]


def test_conductor_cap_refuses_newer_methods(sent):
    CONF.set_override('conductor', '1.1', group='upgrade_levels')
    api = conductor_rpcapi.ConductorAPI()
    api.build_instances(CTX, [], {}, {}, {})
    api.record_action_event(CTX, 'uuid', 'event', 'start')
    with pytest.raises(messaging.RPCVersionCapError):
        api.migrate_server(CTX, objects.Instance(), objects.Flavor(), {})
    with pytest.raises(messaging.RPCVersionCapError):
        api.unshelve_instance(CTX, objects.Instance(), {})
    assert [m[2] for m in sent] == ['1.0', '1.1']


def test_object_indirection_and_ping_never_read_the_cap(sent,
                                                        no_minimum_reads):
    CONF.set_override('conductor', 'auto', group='upgrade_levels')
    api = conductor_rpcapi.ConductorAPI()
    api.object_class_action_versions(CTX, 'Instance', 'get_by_uuid',
                                     {'Instance': '1.4'}, ('u',), {})
    api.object_action(CTX, objects.Instance(uuid='8b4b6f3c-63d4-4d8f-9d3c-0f8e1f4a2b11'), 'save', (), {})
    api.object_backport_versions(CTX, objects.Instance(), {'Instance': '1.3'})
    api.ping(CTX)
    assert sent == [
        ('conductor', 'object_class_action_versions', '1.0'),
        ('conductor', 'object_action', '1.0'),
        ('conductor', 'object_backport_versions', '1.0'),
        ('conductor', 'ping', '1.0')]


def test_scheduler_select_destinations_sends_1_0(sent):
    CONF.set_override('scheduler', '1.0', group='upgrade_levels')
    scheduler_rpcapi.SchedulerAPI().select_destinations(CTX, {}, {}, ['u'])
    assert sent == [('scheduler', 'select_destinations', '1.0')]
