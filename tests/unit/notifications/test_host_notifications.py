"""os-hosts' operations send Nova's legacy HostAPI notifications around
the call to the host (publisher api.<host>); none for a host that is not
there."""
from oslo_utils import timeutils
import pytest

from nova_lite.compute import host_api
from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from tests.unit.api import fakes

CONF = nl_conf.CONF
objects.register_all()
CTX = nl_context.RequestContext(user_id='admin', project_id='admin',
                                request_id='req-hosts')


@pytest.fixture
def api(monkeypatch):
    compute = fakes.make_service(1, 'nova-compute', 'host1',
                                 last_seen_up=timeutils.utcnow())
    monkeypatch.setattr(objects.ServiceList, 'get_all', classmethod(
        lambda cls, ctx, filters=None: [compute]
        if (filters or {}).get('host') == 'host1' else []))
    return host_api.HostAPI(fakes.HostRPC(set_host_enabled='disabled',
                                host_maintenance_mode='on_maintenance',
                                host_power_action='reboot'))


def _events(sent):
    return [(m[1]['event_type'], m[1]['publisher_id'], m[1]['payload'])
            for m in sent]


@pytest.mark.parametrize('operation,payload', [
    ('set_enabled', {'host_name': 'host1', 'enabled': False}),
    ('set_maintenance', {'host_name': 'host1', 'mode': True}),
    ('power_action', {'host_name': 'host1', 'action': 'reboot'}),
])
def test_start_and_end_around_the_call(api, sent, operation, payload):
    CONF.set_override('notification_format', 'unversioned',
                      group='notifications')
    calls = {'set_enabled': lambda: api.set_host_enabled(CTX, 'host1',
                                                         False),
             'set_maintenance': lambda: api.set_host_maintenance(
                 CTX, 'host1', True),
             'power_action': lambda: api.host_power_action(CTX, 'host1',
                                                           'reboot')}
    calls[operation]()
    assert _events(sent) == [
        ('HostAPI.%s.start' % operation, 'api.host1', payload),
        ('HostAPI.%s.end' % operation, 'api.host1', payload)]


def test_an_unknown_host_sends_nothing(api, sent):
    CONF.set_override('notification_format', 'unversioned',
                      group='notifications')
    with pytest.raises(exception.ComputeHostNotFound):
        api.host_power_action(CTX, 'nohost', 'reboot')
    assert sent == []


def test_versioned_only_sends_no_legacy_notification(api, sent):
    CONF.set_override('notification_format', 'versioned',
                      group='notifications')
    assert api.set_host_enabled(CTX, 'host1', False) == 'disabled'
    assert sent == []
