"""Processes found through /proc: command lines, pid files, signals.

Used to adopt a daemon (dnsmasq) that outlived the service that started
it, and to find strays. Tests may point PROC at a fake tree."""
import os
import signal

PROC = '/proc'


def cmdline(pid):
    """The argv list of process `pid`, or None when it is gone."""
    try:
        with open(os.path.join(PROC, str(int(pid)), 'cmdline'), 'rb') as f:
            raw = f.read()
    except (OSError, ValueError):
        return None
    if not raw:
        return None  # a zombie or kernel thread
    return [a.decode('utf-8', 'replace') for a in raw.split(b'\0') if a]


def list_pids():
    return [int(name) for name in os.listdir(PROC) if name.isdigit()]


def read_pid_file(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def find(predicate):
    """{pid: argv} of every process whose argv satisfies `predicate`."""
    found = {}
    for pid in list_pids():
        argv = cmdline(pid)
        if argv and predicate(argv):
            found[pid] = argv
    return found


def signal_pid(pid, signum):
    """Send `signum`; False when the process is already gone."""
    try:
        os.kill(int(pid), signum)
    except ProcessLookupError:
        return False
    return True


def kill(pid):
    return signal_pid(pid, signal.SIGTERM)


def hup(pid):
    return signal_pid(pid, signal.SIGHUP)
