"""[upgrade_levels]: the cap each service's RPC client gets (empty, a
version, a release name, auto from the service records), when auto reads
the records again, and SIGHUP forgetting the choice."""
import logging
import os
import signal

from oslo_config import cfg
import oslo_messaging as messaging
import pytest

from nova_lite.cmd import common
from nova_lite import objects
from nova_lite import rpc
from nova_lite import upgrade_levels
from nova_lite.conf import upgrade_levels as upgrade_levels_conf
from tests import conf as test_conf

objects.register_all()
CONF = test_conf.parse_once()


class Clock(object):
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def minimum(monkeypatch):
    """The minimum service version the records hold (per binary), and
    the binaries it was read for."""
    state = {'versions': {}, 'reads': [], 'error': None}

    def get_minimum_version(cls, context, binary):
        state['reads'].append(binary)
        if state['error'] is not None:
            raise state['error']
        return state['versions'].get(binary)

    monkeypatch.setattr(objects.Service, 'get_minimum_version',
                        classmethod(get_minimum_version))
    return state


@pytest.fixture
def level():
    def set_level(option, value):
        CONF.set_override(option, value, group='upgrade_levels')
    yield set_level
    for option in ('compute', 'conductor', 'scheduler'):
        CONF.clear_override(option, group='upgrade_levels')


@pytest.fixture
def clock():
    return Clock()


def _cap(option, clock):
    return upgrade_levels.VersionCap(option, clock=clock)


def test_empty_means_no_cap(level, minimum, clock):
    level('compute', '')
    assert _cap('compute', clock).get() is None
    assert minimum['reads'] == []


def test_a_version_number_is_the_cap(level, minimum, clock):
    level('compute', '1.0')
    assert _cap('compute', clock).get() == '1.0'
    assert minimum['reads'] == []


@pytest.mark.parametrize('option, release, cap', [
    ('compute', 'aspen', '1.0'), ('compute', 'birch', '1.1'),
    ('conductor', 'aspen', '1.3'), ('conductor', 'birch', '1.4'),
    ('scheduler', 'aspen', '1.0'), ('scheduler', 'birch', '1.1'),
])
def test_a_release_name_maps_through_the_history(level, minimum, clock,
                                                 option, release, cap):
    level(option, release)
    assert _cap(option, clock).get() == cap
    assert minimum['reads'] == []


def test_auto_follows_the_oldest_service(level, minimum, clock, caplog):
    caplog.set_level(logging.INFO, logger='nova_lite.upgrade_levels')
    level('compute', 'auto')
    minimum['versions']['nova-compute'] = 1
    cap = _cap('compute', clock)
    assert cap.get() == '1.0'
    assert cap.get() == '1.0'
    assert minimum['reads'] == ['nova-compute']   # once per interval
    assert caplog.messages == [
        'Automatically selected compute RPC version 1.0 from minimum '
        'service version 1']

    # The old compute is replaced: the next read after report_interval
    # lifts the cap, logged once.
    minimum['versions']['nova-compute'] = 2
    clock.now += CONF.report_interval - 0.5
    assert cap.get() == '1.0'
    clock.now += 1
    assert cap.get() == '1.1'
    clock.now += CONF.report_interval
    assert cap.get() == '1.1'
    assert minimum['reads'] == ['nova-compute'] * 3
    assert caplog.messages[1:] == [
        'Automatically selected compute RPC version 1.1 from minimum '
        'service version 2']


@pytest.mark.parametrize('option, binary', [
    ('conductor', 'nova-conductor'), ('scheduler', 'nova-scheduler')])
def test_auto_reads_the_binary_of_its_option(level, minimum, clock, option,
                                             binary):
    level(option, 'auto')
    minimum['versions'][binary] = 1
    assert _cap(option, clock).get() == \
        objects.service.SERVICE_VERSION_HISTORY[1][option + '_rpc']
    assert minimum['reads'] == [binary]


def test_auto_without_records_has_no_cap_until_one_exists(level, minimum,
                                                         clock):
    level('compute', 'auto')
    cap = _cap('compute', clock)
    assert cap.get() is None
    minimum['versions']['nova-compute'] = 1
    clock.now += CONF.report_interval
    assert cap.get() == '1.0'


def test_auto_keeps_its_cap_when_the_records_cannot_be_read(level, minimum,
                                                           clock):
    level('compute', 'auto')
    cap = _cap('compute', clock)
    minimum['error'] = messaging.MessagingTimeout()
    with pytest.raises(messaging.MessagingTimeout):
        cap.get()   # never chosen: nothing safe to send
    minimum['error'] = None
    minimum['versions']['nova-compute'] = 1
    assert cap.get() == '1.0'
    minimum['error'] = messaging.MessagingTimeout()
    clock.now += CONF.report_interval
    assert cap.get() == '1.0'


def test_reset_reads_again_and_logs_again(level, minimum, clock, caplog):
    caplog.set_level(logging.INFO, logger='nova_lite.upgrade_levels')
    level('compute', 'auto')
    minimum['versions']['nova-compute'] = 1
    cap = _cap('compute', clock)
    cap.get()
    cap.reset()
    assert cap.get() == '1.0'
    assert minimum['reads'] == ['nova-compute'] * 2
    assert len(caplog.messages) == 2


def test_reset_rereads_a_changed_option(level, minimum, clock):
    level('compute', '1.0')
    cap = _cap('compute', clock)
    assert cap.get() == '1.0'
    level('compute', 'birch')
    cap.reset()
    assert cap.get() == '1.1'


def test_one_cap_per_option_in_a_process():
    assert upgrade_levels.cap_for('compute') is \
        upgrade_levels.cap_for('compute')
    assert upgrade_levels.cap_for('compute').binary == 'nova-compute'


# -- the client the cap is applied to -----------------------------------------


@pytest.fixture
def transport(monkeypatch):
    fake = messaging.get_rpc_transport(CONF, url='fake:/')
    sent = []
    real_send = fake._send

    def _send(target, ctxt, message, **kwargs):
        sent.append((target.topic, message['method'], message['version']))
        if kwargs.get('wait_for_reply'):
            return 'pong'
        return real_send(target, ctxt, message, **kwargs)

    monkeypatch.setattr(fake, '_send', _send)
    monkeypatch.setattr(rpc, 'TRANSPORT', fake)
    monkeypatch.setattr(upgrade_levels, '_CAPS', {})
    yield sent
    fake.cleanup()


def test_the_cap_is_applied_to_the_existing_client(transport, level,
                                                  minimum):
    from nova_lite import context as nl_context
    level('compute', 'auto')
    minimum['versions']['nova-compute'] = 1
    client = rpc.get_versioned_client(
        messaging.Target(topic='compute', version='1.1'), 'compute')
    context = nl_context.get_admin_context()
    assert not client.can_send_version('1.1')
    assert client.version_cap == '1.0'
    with pytest.raises(messaging.RPCVersionCapError):
        client.prepare(version='1.1').cast(context, 'build_and_run_instance')
    client.prepare(version='1.0').cast(context, 'build_and_run_instance')

    minimum['versions']['nova-compute'] = 2
    rpc.reset_version_caps()
    assert client.can_send_version('1.1')
    client.prepare(version='1.1').cast(context, 'build_and_run_instance')
    assert transport == [('compute', 'build_and_run_instance', '1.0'),
                         ('compute', 'build_and_run_instance', '1.1')]


# -- SIGHUP ---------------------------------------------------------------------


def test_sighup_is_caught_for_the_main_loop():
    previous = signal.getsignal(signal.SIGHUP)
    try:
        hangup = common.install_hangup_handler()
        os.kill(os.getpid(), signal.SIGHUP)
        assert hangup.wait(5)
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_on_hangup_rereads_the_file_and_resets_the_caps(tmp_path, monkeypatch):
    path = tmp_path / 'nova-lite.conf'
    path.write_text('[upgrade_levels]\ncompute = 1.0\n')
    conf = cfg.ConfigOpts()
    upgrade_levels_conf.register_opts(conf)
    conf([], default_config_files=[str(path)])
    resets = []
    monkeypatch.setattr(rpc, 'reset_version_caps',
                        lambda: resets.append(True))
    path.write_text('[upgrade_levels]\ncompute = auto\n')
    common.on_hangup(conf)
    assert conf.upgrade_levels.compute == 'auto'
    assert resets == [True]
