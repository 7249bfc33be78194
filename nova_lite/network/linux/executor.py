"""The one place host networking commands run (ip, nft, dnsmasq, kill).

Commands are argument lists run without a shell. Unit tests replace the
runner with :func:`set_runner` to record commands and script answers."""
import subprocess

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class CommandError(Exception):
    """A command exited non-zero (or could not be started)."""

    def __init__(self, cmd, returncode, stdout='', stderr=''):
        self.cmd = list(cmd)
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        super().__init__('%s failed (rc=%s): %s' % (
            ' '.join(self.cmd), returncode, (stderr or stdout).strip()))


def _subprocess_runner(cmd, input=None):
    try:
        proc = subprocess.run(cmd, input=input, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              check=False)
    except OSError as exc:
        return 127, '', str(exc)
    return proc.returncode, proc.stdout, proc.stderr


_runner = _subprocess_runner


def set_runner(runner):
    """Install `runner(cmd, input=None) -> (rc, stdout, stderr)`; returns
    the previous one. None restores the real subprocess runner."""
    global _runner
    previous = _runner
    _runner = runner or _subprocess_runner
    return previous


def execute(cmd, input=None, check=True, namespace=None):
    """Run `cmd` (a list), in network namespace `namespace` if given.

    Returns stdout. With check (default) a non-zero exit raises
    CommandError; without it the caller gets stdout regardless and can use
    :func:`try_execute` to learn the status instead."""
    cmd = [str(c) for c in cmd]
    if namespace:
        cmd = ['ip', 'netns', 'exec', namespace] + cmd
    rc, out, err = _runner(cmd, input=input)
    if rc != 0:
        if check:
            raise CommandError(cmd, rc, out, err)
        LOG.debug('%s: rc=%s %s', ' '.join(cmd), rc, err.strip())
    return out


def try_execute(cmd, input=None, namespace=None):
    """Run `cmd`; True when it exited 0 (never raises CommandError)."""
    cmd = [str(c) for c in cmd]
    if namespace:
        cmd = ['ip', 'netns', 'exec', namespace] + cmd
    rc, _out, _err = _runner(cmd, input=input)
    return rc == 0
