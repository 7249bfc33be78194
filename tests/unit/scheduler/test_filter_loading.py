"""[filter_scheduler] available_filters / enabled_filters / weight_classes
as in Nova, and run_filter_once_per_request honoured."""
import subprocess
import sys

import oslo_messaging as messaging
import pytest

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.scheduler import filters
from nova_lite.scheduler import manager
from nova_lite.scheduler import weighers
from nova_lite.scheduler.weighers import ram
from tests.unit.scheduler.test_filters_and_weighers import _host
from tests.unit.scheduler.test_filters_and_weighers import _spec

CONF = nl_conf.CONF
HERE = __name__


class CountingFilter(filters.BaseHostFilter):
    """Passes every host except those in `refused`; counts its runs."""
    runs = 0
    refused = ()

    def filter_all(self, host_states, spec):
        type(self).runs += 1
        return super().filter_all(host_states, spec)

    def host_passes(self, host_state, spec):
        return host_state.host not in self.refused


class OncePerRequestFilter(CountingFilter):
    run_filter_once_per_request = True
    runs = 0


class EveryInstanceFilter(CountingFilter):
    runs = 0


@pytest.fixture
def overrides():
    done = []

    def override(name, value):
        CONF.set_override(name, value, group='filter_scheduler')
        done.append(name)

    yield override
    for name in done:
        CONF.clear_override(name, group='filter_scheduler')


def test_default_available_filters_are_all_of_nova_lites():
    assert CONF.filter_scheduler.available_filters == [
        'nova_lite.scheduler.filters.all_filters']
    names = {cls.__name__ for cls in filters.all_filters()}
    assert set(CONF.filter_scheduler.enabled_filters) <= names
    loaded = manager.SchedulerManager().filters
    assert [type(f).__name__ for f in loaded] == (
        ['RetryFilter'] + CONF.filter_scheduler.enabled_filters)


def test_unknown_enabled_filter_stops_the_scheduler(overrides):
    overrides('enabled_filters', ['ComputeFilter', 'NoSuchFilter'])
    with pytest.raises(exception.InvalidInput) as info:
        manager.SchedulerManager()
    assert "enabled_filters: no filter in available_filters named " \
        "'NoSuchFilter'" in str(info.value)


def test_enabled_filter_must_be_available(overrides):
    overrides('available_filters', [
        'nova_lite.scheduler.filters.ram_filter.RamFilter'])
    overrides('enabled_filters', ['RamFilter'])
    assert [type(f).__name__ for f in manager.SchedulerManager().filters] \
        == ['RetryFilter', 'RamFilter']
    overrides('enabled_filters', ['RamFilter', 'ComputeFilter'])
    with pytest.raises(exception.InvalidInput) as info:
        manager.SchedulerManager()
    assert "'ComputeFilter'" in str(info.value)
    assert 'known: RamFilter' in str(info.value)


@pytest.mark.parametrize('path', ['nova_lite.scheduler.filters.NoSuch',
                                  'no_such_module.Filter', 'NoDots',
                                  'nova_lite.scheduler.filters.CONF'])
def test_unloadable_available_filters_stop_the_scheduler(overrides, path):
    overrides('available_filters', [path])
    with pytest.raises(exception.InvalidInput) as info:
        manager.SchedulerManager()
    assert 'available_filters' in str(info.value)


def test_filters_from_another_module(overrides):
    overrides('available_filters', [
        'nova_lite.scheduler.filters.all_filters',
        HERE + '.OncePerRequestFilter'])
    overrides('enabled_filters', ['ComputeFilter', 'OncePerRequestFilter'])
    assert [type(f).__name__ for f in manager.SchedulerManager().filters] \
        == ['RetryFilter', 'ComputeFilter', 'OncePerRequestFilter']


def test_weight_classes_by_name_or_path(overrides):
    overrides('weight_classes', ['nova_lite.scheduler.weighers.all_weighers'])
    assert sorted(type(w).__name__ for w in
                  manager.SchedulerManager().weighers) == sorted(
        cls.__name__ for cls in weighers.all_weighers())
    overrides('weight_classes', [
        'CPUWeigher', 'nova_lite.scheduler.weighers.ram.RAMWeigher'])
    loaded = manager.SchedulerManager().weighers
    assert [type(w).__name__ for w in loaded] == ['CPUWeigher', 'RAMWeigher']
    assert isinstance(loaded[1], ram.RAMWeigher)
    overrides('weight_classes', ['RAMWeigher', 'NoSuchWeigher'])
    with pytest.raises(exception.InvalidInput) as info:
        manager.SchedulerManager()
    assert "weight_classes: no weigher named 'NoSuchWeigher'" in str(
        info.value)


def test_scheduler_refuses_to_start_with_an_unknown_filter(tmp_path):
    config = tmp_path / 'nova-lite.conf'
    config.write_text('[DEFAULT]\ntransport_url = fake:/\n'
                      '[filter_scheduler]\nenabled_filters = NoSuchFilter\n')
    proc = subprocess.run(
        [sys.executable, '-m', 'nova_lite.cmd.scheduler', '--config-file',
         str(config)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "no filter in available_filters named 'NoSuchFilter'" in \
        proc.stdout + proc.stderr


def _scheduler(overrides, monkeypatch, hosts):
    overrides('available_filters', [HERE + '.OncePerRequestFilter',
                                    HERE + '.EveryInstanceFilter'])
    overrides('enabled_filters', ['OncePerRequestFilter',
                                  'EveryInstanceFilter'])
    overrides('weight_classes', ['RAMWeigher'])
    for cls in (OncePerRequestFilter, EveryInstanceFilter):
        monkeypatch.setattr(cls, 'runs', 0)
    scheduler = manager.SchedulerManager()
    monkeypatch.setattr(scheduler.host_manager, 'host_states',
                        lambda ctx: hosts)
    return scheduler


def _select(scheduler, count):
    spec = _spec()
    selections = scheduler.select_destinations(
        None, spec, {}, ['uuid-%d' % i for i in range(count)])
    return [[s['host'] for s in alternates] for alternates in selections]


def test_once_per_request_filters_run_for_the_first_instance_only(
        overrides, monkeypatch):
    scheduler = _scheduler(overrides, monkeypatch, [_host('a'), _host('b')])
    assert [hosts[0] for hosts in _select(scheduler, 3)] == ['a', 'b', 'a']
    assert OncePerRequestFilter.runs == 1
    assert EveryInstanceFilter.runs == 3


def test_later_instances_reuse_the_first_instances_result(
        overrides, monkeypatch):
    """A host refused for the first instance stays out for the others,
    although the filter does not run again."""
    monkeypatch.setattr(OncePerRequestFilter, 'refused', ('busy',))
    hosts = [_host('busy', memory_mb=8192), _host('a'), _host('b')]
    scheduler = _scheduler(overrides, monkeypatch, hosts)
    chosen = _select(scheduler, 3)
    assert OncePerRequestFilter.runs == 1
    assert all('busy' not in alternates for alternates in chosen), chosen
    assert [alternates[0] for alternates in chosen] == ['a', 'b', 'a']


def test_filters_that_run_every_time_still_see_earlier_instances(
        overrides, monkeypatch):
    overrides('available_filters', [
        'nova_lite.scheduler.filters.all_filters',
        HERE + '.OncePerRequestFilter'])
    overrides('enabled_filters', ['OncePerRequestFilter', 'RamFilter'])
    scheduler = manager.SchedulerManager()
    monkeypatch.setattr(scheduler.host_manager, 'host_states',
                        lambda ctx: [_host('a', memory_mb=1100)])
    assert _select(scheduler, 2) == [['a'], ['a']]
    with pytest.raises(messaging.ExpectedException) as info:
        _select(scheduler, 3)  # no room for a third 512 MB instance
    assert isinstance(info.value.exc_info[1], exception.NoValidHost)
