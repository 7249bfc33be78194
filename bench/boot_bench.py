"""Boot benchmark: four daemons over RabbitMQ + MariaDB, fake driver with no
delay, one compute host, noauth (the workload of issue 13's table).

Prints every figure of the table: one boot, 50 concurrent boots and
deletes, GET /servers/detail with 50 and 200 servers at 2.1 and 2.100,
GET /flavors, and the daemons' memory (PSS, worker processes included).

    tox -e bench                      # nova_lite alone
    tox -e bench -- --nova            # and the real Nova 34 + Placement 16
                                      # (the conformance venv), alternating
                                      # the two in one run, with ratios
    tox -e bench -- --rounds 2 --backend eventlet --db postgresql
    tox -e bench -- --workers 1       # one process per daemon
"""
import argparse
import contextlib
import os
import signal
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from bench import workloads  # noqa: E402
from tests.integration import deployment  # noqa: E402
from tests.integration import services  # noqa: E402


@contextlib.contextmanager
def nova_lite(workdir, backend, db, workers):
    path = os.path.join(workdir, 'nova_lite')
    os.makedirs(path)
    with services.rabbit_vhost() as transport_url, \
            services.DATABASES[db]() as db_url:
        dep = deployment.Deployment(
            path, transport_url, db_url,
            computes=('cmp1',), backend=backend,
            common={'DEFAULT': {'report_interval': 10,
                                'service_down_time': 60,
                                'osapi_compute_workers': workers},
                    'conductor': {'workers': workers},
                    'scheduler': {'workers': workers},
                    'fake_driver': {'vcpus': 1000, 'memory_mb': 4096000,
                                    'local_gb': 100000}})
        dep.start()
        try:
            yield (workloads.Client(dep.endpoint, dep.image_id()),
                   {n: p.pid for n, p in dep.procs.items()})
        finally:
            dep.stop()


@contextlib.contextmanager
def nova_34(workdir):
    from conformance import run as conformance
    from conformance import stand_ins
    fakes = stand_ins.StandIns().start()
    try:
        with conformance.reference(workdir, fakes) as nova:
            yield (workloads.Client(nova.endpoint, stand_ins.IMAGE_ID),
                   {n: p.pid for n, p in nova.procs.items()})
    finally:
        fakes.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--backend', default='threading',
                        choices=['threading', 'eventlet'])
    parser.add_argument('--db', default='mysql',
                        choices=['mysql', 'postgresql'])
    parser.add_argument('--nova', action='store_true',
                        help='also run the real Nova 34, alternating')
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--workers', type=int, default=os.cpu_count(),
                        help="worker processes of nova_lite's api, "
                             "conductor and scheduler (default: the CPUs, "
                             "as a production deployment's default)")
    args = parser.parse_args()
    # A SIGTERM (timeout, kill) unwinds, so the daemons and their
    # vhosts and databases are removed as after a normal run.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    results = {'nova_lite': [], 'nova': []}
    with tempfile.TemporaryDirectory() as workdir:
        for n in range(args.rounds):
            sides = [('nova_lite', lambda: nova_lite(
                os.path.join(workdir, 'r%d' % n), args.backend, args.db,
                args.workers))]
            if args.nova:
                sides.append(('nova', lambda: nova_34(
                    os.path.join(workdir, 'n%d' % n))))
            for name, start in sides:
                with start() as (client, pids):
                    figures = workloads.run_all(client, pids)
                results[name].append(figures)
                print('round %d %s: %s' % (n + 1, name, ', '.join(
                    '%s=%.4g' % kv for kv in sorted(figures.items())
                    if not kv[0].startswith('pss '))), flush=True)
    print('\nnova_lite (%s backend, %s, RabbitMQ, fake driver, one compute,'
          ' %d workers each for api, conductor, scheduler)'
          % (args.backend, args.db, args.workers) +
          (' beside Nova 34 + Placement 16' if args.nova else ''))
    for label, key, unit in workloads.ROWS:
        ours = statistics.median(r[key] for r in results['nova_lite'])
        line = '  %-44s %9.4f %-3s' % (label, ours, unit)
        if results['nova']:
            theirs = statistics.median(r[key] for r in results['nova'])
            line += '  Nova 34: %9.4f %-3s  %5.1fx' % (
                theirs, unit, theirs / ours if ours else 0)
        print(line)
    for name, runs in results.items():
        if runs:
            print('  PSS of %s, MiB (worker processes included): %s' % (
                name, ', '.join('%s %.0f' % (key[4:], value) for key, value
                                in sorted(runs[-1].items())
                                if key.startswith('pss '))))


if __name__ == '__main__':
    main()
