"""Periodic tasks on their own spacing (nova_lite.compute.periodic)."""
from nova_lite.compute import periodic


class Clock(object):
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_each_task_runs_on_its_own_spacing():
    clock = Clock()
    tasks = periodic.PeriodicTasks(default_spacing=60, clock=clock)
    runs = []
    tasks.add('fast', 2, lambda ctx: runs.append('fast'))
    tasks.add('default', 0, lambda ctx: runs.append('default'))
    tasks.add('off', -1, lambda ctx: runs.append('off'))
    tasks.add('slow', lambda: 10, lambda ctx: runs.append('slow'))
    assert tasks.run(None) == 2  # nothing due yet; fast is next
    assert runs == []
    clock.now += 2
    assert tasks.run(None) == 2
    assert runs == ['fast']
    clock.now += 8
    tasks.run(None)
    assert runs == ['fast', 'fast', 'slow']
    clock.now += 50
    tasks.run(None)
    assert runs.count('default') == 1 and 'off' not in runs


def test_a_failing_task_does_not_stop_the_others():
    clock = Clock()
    tasks = periodic.PeriodicTasks(clock=clock)
    runs = []

    def boom(ctx):
        raise RuntimeError('boom')
    tasks.add('boom', 1, boom)
    tasks.add('ok', 1, lambda ctx: runs.append(ctx))
    clock.now += 1
    assert tasks.run('ctx') == 1
    assert runs == ['ctx']


def test_no_enabled_task_means_no_wake_up_hint():
    tasks = periodic.PeriodicTasks()
    tasks.add('off', -1, lambda ctx: None)
    assert tasks.run(None) is None
    assert tasks.names() == ['off']
