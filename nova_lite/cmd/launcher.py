"""How every daemon runs its work: one worker in this process, or several
worker processes under cotyledon's ServiceManager, as Nova's launcher
picks (a ServiceLauncher for one worker, a ProcessLauncher for more).

``start_worker()`` runs in the process that serves (after the fork with
several workers, so RPC connections and database pools are never shared
between processes) and returns the list of started things to stop, each
with a ``stop()``. SIGTERM stops them and exits; SIGHUP re-reads the
mutable options and forgets the RPC version caps, in every worker.
"""
import multiprocessing
import os
import time

import cotyledon

from nova_lite.cmd import common


def default_workers():
    return os.cpu_count() or 1


def launch(conf, name, start_worker, workers=1, on_stop=None):
    """Serve until SIGTERM/SIGINT; never returns. on_stop runs first when
    the daemon is told to stop (in the parent, with workers)."""
    if workers <= 1:
        started = start_worker()
        common.run_until_signalled(started, on_stop=on_stop)
    told_to_stop = multiprocessing.get_context('fork').Event()
    manager = cotyledon.ServiceManager(
        graceful_shutdown_timeout=conf.graceful_shutdown_timeout)
    manager.register_hooks(on_terminate=told_to_stop.set)
    manager.add(_Worker, workers=workers,
                args=(name, conf, start_worker, told_to_stop))
    if on_stop is not None:
        manager.register_hooks(on_terminate=on_stop)
    manager.run()


class _Worker(cotyledon.Service):

    def __init__(self, worker_id, name, conf, start_worker, told_to_stop):
        super().__init__(worker_id)
        self._parent = os.getppid()
        self.name = '%s worker %d' % (name, worker_id)
        self._conf = conf
        self._start_worker = start_worker
        self._told_to_stop = told_to_stop
        self._started = []

    def run(self):
        self._started = self._start_worker()

    def terminate(self):
        if self._parent_died():
            # Killed with the parent, as systemd kills a unit: a graceful
            # stop here would go on taking messages off the queues while
            # it stops and answer none of them until they time out; dying
            # at once leaves them unacked, for the restarted daemon.
            os._exit(1)
        for thing in reversed(self._started):
            thing.stop()
        from nova_lite import rpc
        rpc.cleanup()

    def reload(self):
        common.on_hangup(self._conf)

    def _parent_died(self, patience=2.0):
        """cotyledon stops a worker the same way whether its parent asked
        (SIGTERM, which runs the parent's terminate hook first) or died
        (its pipe closed). A dead parent soon stops being ours."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            if self._told_to_stop.is_set():
                return False
            if os.getppid() != self._parent:
                return True
            time.sleep(0.01)
        return False   # a SIGTERM to this worker alone: stop gracefully
