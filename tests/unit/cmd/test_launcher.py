"""The service launcher: worker processes under cotyledon die at once with
their parent when it is killed (no graceful stop that would take messages
off the queues and answer none of them), and stop gracefully when it is
told to stop."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.integration import deployment

DAEMON = textwrap.dedent('''
    import os, sys, types
    from nova_lite.cmd import launcher

    class Idle(object):
        def stop(self):
            with open(os.path.join(sys.argv[1], 'stopped-%d' % os.getpid()),
                      'w'):
                pass

    conf = types.SimpleNamespace(graceful_shutdown_timeout=5)
    print('ready', flush=True)
    launcher.launch(conf, 'test-daemon', lambda: [Idle()], workers=2)
''')


def _alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split()[2] != 'Z'
    except FileNotFoundError:
        return False


def _wait(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def daemon(tmp_path):
    proc = subprocess.Popen([sys.executable, '-c', DAEMON, str(tmp_path)],
                            stdout=subprocess.PIPE)
    assert proc.stdout.readline() == b'ready\n'
    assert _wait(lambda: len(deployment.children(proc.pid)) == 2), 'no two workers'
    workers = deployment.children(proc.pid)
    yield proc, workers, tmp_path
    for pid in [proc.pid] + workers:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    proc.wait(10)


def test_workers_die_with_a_killed_parent(daemon):
    proc, workers, stops = daemon
    proc.kill()
    proc.wait(10)
    assert _wait(lambda: not any(_alive(pid) for pid in workers)), \
        'workers outlived their killed parent'
    assert list(stops.iterdir()) == [], 'a worker stopped gracefully'


def test_sigterm_stops_workers_and_parent(daemon):
    proc, workers, stops = daemon
    proc.terminate()
    assert proc.wait(20) == 0
    assert not any(_alive(pid) for pid in workers)
    assert sorted(p.name for p in stops.iterdir()) == sorted(
        'stopped-%d' % pid for pid in workers)
