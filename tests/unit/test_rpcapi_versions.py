"""The compute, conductor and scheduler clients send each method at the
version that introduced it, under the [upgrade_levels] cap: a method that
changed sends its older form when the cap requires it (a request spec
object from 1.1/1.4, its legacy dict below). Object indirection and ping
go out at 1.0 without looking the cap up (the cap itself is read through
them)."""
import oslo_messaging as messaging
import pytest

from nova_lite.compute import rpcapi as compute_rpcapi
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
        payloads.append(message['args'])
        if kwargs.get('wait_for_reply'):
            return None
        return real_send(target, ctxt, message, **kwargs)

    monkeypatch.setattr(fake, '_send', _send)
    monkeypatch.setattr(rpc, 'TRANSPORT', fake)
    monkeypatch.setattr(upgrade_levels, '_CAPS', {})
    yield messages
    fake.cleanup()
    del payloads[:]
    for option in ('compute', 'conductor', 'scheduler'):
        CONF.clear_override(option, group='upgrade_levels')


@pytest.fixture
def no_minimum_reads(monkeypatch):
    def refuse(cls, context, binary):
        raise AssertionError('the cap was looked up')
    monkeypatch.setattr(objects.Service, 'get_minimum_version',
                        classmethod(refuse))


CTX = nl_context.get_admin_context()
# The arguments of each message sent, beside `sent`.
payloads = []
SPEC_OBJECT = 'nova_lite_object.name'


def _spec():
    flavor = objects.Flavor(vcpus=1, memory_mb=128, root_gb=1,
                            ephemeral_gb=0, swap=0, extra_specs={})
    return objects.RequestSpec.from_components(CTX, flavor, 'image-id', {},
                                               num_instances=1)


def _conductor_casts(api):
    api.build_instances(CTX, [], {}, _spec(), {})
    api.record_action_event(CTX, 'uuid', 'event', 'start')
    api.migrate_server(CTX, objects.Instance(), objects.Flavor(), _spec())
    api.unshelve_instance(CTX, objects.Instance(), _spec())


def _spec_sent(index):
    return payloads[index]['request_spec']


def test_conductor_methods_send_their_versions(sent):
    _conductor_casts(conductor_rpcapi.ConductorAPI())
    assert sent == [('conductor', 'build_instances', '1.4'),
                    ('conductor', 'record_action_event', '1.1'),
                    ('conductor', 'migrate_server', '1.4'),
                    ('conductor', 'unshelve_instance', '1.4')]
    for index in (0, 2, 3):
        assert _spec_sent(index)[SPEC_OBJECT] == 'RequestSpec'


def test_conductor_below_1_4_gets_the_legacy_request_spec(sent):
    CONF.set_override('conductor', '1.3', group='upgrade_levels')
    _conductor_casts(conductor_rpcapi.ConductorAPI())
    assert sent == [('conductor', 'build_instances', '1.0'),
                    ('conductor', 'record_action_event', '1.1'),
                    ('conductor', 'migrate_server', '1.2'),
                    ('conductor', 'unshelve_instance', '1.3')]
    for index in (0, 2, 3):
        assert _spec_sent(index) == _spec().to_legacy_dict()


def test_conductor_cap_refuses_newer_methods(sent):
    CONF.set_override('conductor', '1.1', group='upgrade_levels')
    api = conductor_rpcapi.ConductorAPI()
    api.build_instances(CTX, [], {}, _spec(), {})
    api.record_action_event(CTX, 'uuid', 'event', 'start')
    with pytest.raises(messaging.RPCVersionCapError):
        api.migrate_server(CTX, objects.Instance(), objects.Flavor(),
                           _spec())
    with pytest.raises(messaging.RPCVersionCapError):
        api.unshelve_instance(CTX, objects.Instance(), _spec())
    assert [m[2] for m in sent] == ['1.0', '1.1']


def test_reschedule_build_is_1_5_and_checked_before_sending(sent):
    api = conductor_rpcapi.ConductorAPI()
    assert api.can_reschedule_build()
    api.reschedule_build(CTX, objects.Instance())
    assert sent == [('conductor', 'reschedule_build', '1.5')]
    CONF.set_override('conductor', '1.4', group='upgrade_levels')
    rpc.reset_version_caps()
    # A conductor of the previous release: the compute must not send it.
    assert not conductor_rpcapi.ConductorAPI().can_reschedule_build()


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


def test_scheduler_select_destinations_sends_the_object_at_1_1(sent):
    scheduler_rpcapi.SchedulerAPI().select_destinations(CTX, _spec(), {},
                                                        ['u'])
    assert sent == [('scheduler', 'select_destinations', '1.1')]
    assert _spec_sent(0)[SPEC_OBJECT] == 'RequestSpec'


def test_scheduler_capped_at_1_0_gets_the_legacy_request_spec(sent):
    CONF.set_override('scheduler', '1.0', group='upgrade_levels')
    scheduler_rpcapi.SchedulerAPI().select_destinations(CTX, _spec(), {},
                                                        ['u'])
    assert sent == [('scheduler', 'select_destinations', '1.0')]
    assert _spec_sent(0) == _spec().to_legacy_dict()


def test_scheduler_refresh_nodes_is_a_1_2_cast_to_every_scheduler(
        sent, monkeypatch):
    fanouts = []
    real_send = rpc.TRANSPORT._send

    def _send(target, ctxt, message, **kwargs):
        fanouts.append(target.fanout)
        return real_send(target, ctxt, message, **kwargs)

    monkeypatch.setattr(rpc.TRANSPORT, '_send', _send)
    scheduler_rpcapi.SchedulerAPI().refresh_nodes(CTX, (3, 4))
    assert sent == [('scheduler', 'refresh_nodes', '1.2')]
    assert payloads == [{'compute_node_ids': [3, 4]}]
    assert fanouts == [True]


def test_a_scheduler_below_1_2_is_not_told_of_failed_claims(sent):
    CONF.set_override('scheduler', '1.1', group='upgrade_levels')
    scheduler_rpcapi.SchedulerAPI().refresh_nodes(CTX, [3])
    assert sent == []


def _compute_casts(api):
    instance = objects.Instance(host='cmp1')
    migration = objects.Migration(source_compute='cmp1', dest_compute='cmp1')
    api.build_and_run_instance(CTX, instance, 'cmp1', {}, _spec(), {},
                               node='cmp1')
    api.prep_resize(CTX, instance, migration, objects.Flavor(), 'cmp1',
                    request_spec=_spec())
    api.reboot_instance(CTX, instance, 'HARD')


def test_compute_methods_that_take_a_request_spec_send_it_at_1_1(sent):
    _compute_casts(compute_rpcapi.ComputeAPI())
    assert [m[1:] for m in sent] == [('build_and_run_instance', '1.1'),
                                     ('prep_resize', '1.1'),
                                     ('reboot_instance', '1.0')]
    assert _spec_sent(0)[SPEC_OBJECT] == 'RequestSpec'
    assert _spec_sent(1)[SPEC_OBJECT] == 'RequestSpec'


@pytest.mark.parametrize('cap', ['1.0', 'aspen'])
def test_compute_of_the_previous_release_gets_the_legacy_dict(sent, cap):
    CONF.set_override('compute', cap, group='upgrade_levels')
    _compute_casts(compute_rpcapi.ComputeAPI())
    assert [m[1:] for m in sent] == [('build_and_run_instance', '1.0'),
                                     ('prep_resize', '1.0'),
                                     ('reboot_instance', '1.0')]
    assert _spec_sent(0) == _spec().to_legacy_dict()
    assert _spec_sent(1) == _spec().to_legacy_dict()


def test_host_operations_are_calls_at_1_4(sent):
    api = compute_rpcapi.ComputeAPI()
    api.set_host_enabled(CTX, 'cmp1', False)
    api.host_maintenance_mode(CTX, 'cmp1', 'cmp1', True)
    api.host_power_action(CTX, 'cmp1', 'reboot')
    assert [m[1:] for m in sent] == [('set_host_enabled', '1.4'),
                                     ('host_maintenance_mode', '1.4'),
                                     ('host_power_action', '1.4')]
    assert payloads == [{'enabled': False}, {'host': 'cmp1', 'mode': True},
                        {'action': 'reboot'}]


def test_a_compute_below_1_4_gets_no_host_operation(sent):
    CONF.set_override('compute', '1.3', group='upgrade_levels')
    api = compute_rpcapi.ComputeAPI()
    for send in (lambda: api.set_host_enabled(CTX, 'cmp1', True),
                 lambda: api.host_maintenance_mode(CTX, 'cmp1', 'cmp1',
                                                   False),
                 lambda: api.host_power_action(CTX, 'cmp1', 'startup')):
        with pytest.raises(NotImplementedError):
            send()
    assert sent == []


def _assisted_casts(api):
    instance = objects.Instance(host='cmp1',
                                uuid='7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f')
    api.volume_snapshot_create(CTX, instance, 'v1', {'snapshot_id': 's1'})
    api.volume_snapshot_delete(CTX, instance, 'v1', 's1', {'type': 'qcow2'})


def test_assisted_volume_snapshots_are_1_5_casts(sent):
    _assisted_casts(compute_rpcapi.ComputeAPI())
    assert sent == [('compute', 'volume_snapshot_create', '1.5'),
                    ('compute', 'volume_snapshot_delete', '1.5')]


def test_a_compute_below_1_5_gets_no_assisted_snapshot(sent):
    from nova_lite import exception
    CONF.set_override('compute', '1.4', group='upgrade_levels')
    with pytest.raises(exception.ServiceUnavailable):
        _assisted_casts(compute_rpcapi.ComputeAPI())
    assert sent == []
