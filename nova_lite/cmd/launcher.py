"""How a daemon runs its work: one worker in this process, or several
worker processes under cotyledon's ServiceManager, as Nova's launcher
picks (a ServiceLauncher for one worker, a ProcessLauncher for more).

``start_worker()`` runs in the process that serves (after the fork with
several workers, so RPC connections and database pools are never shared
between processes) and returns the list of started things to stop, each
with a ``stop()``. SIGTERM stops them and exits; SIGHUP re-reads the
mutable options and forgets the RPC version caps, in every worker.
"""
import os

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
    manager = cotyledon.ServiceManager(
        graceful_shutdown_timeout=conf.graceful_shutdown_timeout)
    manager.add(_Worker, workers=workers, args=(name, conf, start_worker))
    if on_stop is not None:
        manager.register_hooks(on_terminate=on_stop)
    manager.run()


class _Worker(cotyledon.Service):

    def __init__(self, worker_id, name, conf, start_worker):
        super().__init__(worker_id)
        self.name = '%s worker %d' % (name, worker_id)
        self._conf = conf
        self._start_worker = start_worker
        self._started = []

    def run(self):
        self._started = self._start_worker()

    def terminate(self):
        for thing in reversed(self._started):
            thing.stop()
        from nova_lite import rpc
        rpc.cleanup()

    def reload(self):
        common.on_hangup(self._conf)
