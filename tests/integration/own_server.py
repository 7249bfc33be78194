"""What the test's own broker and database have in common: a server
process of this test, started and waited for until it listens on its
port (the seconds each start took are kept), stopped by its PID."""
import os
import signal
import socket
import subprocess
import time


def port_open(port):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=1).close()
        return True
    except OSError:
        return False


class OwnServer(object):
    """Subclasses give name, port, workdir, command() and env()."""

    name = 'server'

    def __init__(self):
        self.proc = None
        self.start_seconds = []

    def command(self):
        raise NotImplementedError

    def env(self):
        return dict(os.environ)

    def start(self, timeout=90):
        began = time.monotonic()
        with open(os.path.join(self.workdir, '%s.log' % self.name),
                  'ab') as log:
            # Its own process group: stop() ends wrappers and children.
            self.proc = subprocess.Popen(
                self.command(), env=self.env(), stdout=log,
                stderr=subprocess.STDOUT, cwd=self.workdir,
                start_new_session=True)
        while time.monotonic() - began < timeout:
            if self.proc.poll() is not None:
                raise AssertionError('%s exited with %s' % (
                    self.name, self.proc.returncode))
            if port_open(self.port):
                self.start_seconds.append(time.monotonic() - began)
                return
            time.sleep(0.2)
        raise AssertionError('%s did not listen in %ss' % (self.name,
                                                           timeout))

    def stop(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        deadline = time.monotonic() + 30
        while port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.2)
        self.proc = None
