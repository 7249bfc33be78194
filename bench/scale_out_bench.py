"""Scale-out benchmark: the deployment of tests/integration/test_scale_out.py
(two nova-lite-api, two conductors and two schedulers on their own host
names, each with two worker processes, ten fake compute hosts, over
RabbitMQ and MariaDB), timed.

Prints, per round: 100 concurrent boots spread over both APIs -> all
ACTIVE, 100 concurrent deletes -> all gone and every claim released, the
most servers any host held against its capacity (never over), and the PSS
of every daemon with its workers.

Run: python bench/scale_out_bench.py [--rounds N] [--boots N]
"""
import argparse
import concurrent.futures
import os
import signal
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from bench import workloads  # noqa: E402
from tests.integration import deployment as deployment_mod  # noqa: E402
from tests.integration import services  # noqa: E402
from tests.integration import test_scale_out as scale  # noqa: E402


def _settled(dep, ids):
    servers = {s['id']: s for s in dep.servers()}
    mine = [servers.get(i) for i in ids]
    if all(s is not None and s['status'] in ('ACTIVE', 'ERROR')
           for s in mine):
        return mine


def _released(dep):
    return all((h['running_vms'], h['vcpus_used'], h['memory_mb_used'],
                h['local_gb_used']) == (0, 0, 0, 0)
               for h in scale.hypervisors(dep).values())


def one_round(workdir, boots):
    with services.rabbit_vhost() as transport_url, \
            services.DATABASES['mysql']() as db_url:
        dep = deployment_mod.Deployment(
            workdir, transport_url, db_url, computes=scale.COMPUTES,
            common=scale.CONF, controllers=2)
        dep.start()
        try:
            image = dep.image_id()
            dep.wait_for_services(['nova-compute'] * len(scale.COMPUTES))
            t0 = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(25) as pool:
                ids = list(pool.map(lambda i: scale.boot(dep, i, image),
                                    range(boots)))
            servers = deployment_mod.wait_for(
                lambda: _settled(dep, ids), timeout=300, poll=0.2)
            booted = time.monotonic() - t0
            errors = [s['id'] for s in servers if s['status'] != 'ACTIVE']
            fullest = max(
                h['vcpus_used'] / float(h['vcpus'])
                for h in scale.hypervisors(dep).values())
            t0 = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(25) as pool:
                list(pool.map(dep.delete, ids))
            deployment_mod.wait_for(lambda: not dep.servers(), timeout=180,
                                    poll=0.2)
            deployment_mod.wait_for(lambda: _released(dep), timeout=30)
            deleted = time.monotonic() - t0
            time.sleep(3)
            pss = {name: workloads.pss_mib([proc.pid])
                   for name, proc in dep.procs.items()}
        finally:
            dep.stop()
    return {'boots': booted, 'deletes': deleted, 'errors': len(errors),
            'fullest': fullest, 'pss': pss}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--boots', type=int, default=scale.BOOTS)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for n in range(args.rounds):
            path = os.path.join(workdir, 'r%d' % n)
            os.makedirs(path)
            figures = one_round(path, args.boots)
            results.append(figures)
            print('round %d: %d boots %.2f s (%d not ACTIVE), deletes '
                  '%.2f s, fullest host at %.0f %% of its vCPUs' % (
                      n + 1, args.boots, figures['boots'],
                      figures['errors'], figures['deletes'],
                      100 * figures['fullest']), flush=True)
    print('\nscaled out: 2 x (api, conductor, scheduler) with 2 workers '
          'each, %d fake computes, MariaDB, RabbitMQ' % len(scale.COMPUTES))
    print('  %d concurrent boots -> all ACTIVE   %8.2f s (median)' % (
        args.boots, statistics.median(r['boots'] for r in results)))
    print('  %d concurrent deletes -> all gone   %8.2f s (median)' % (
        args.boots, statistics.median(r['deletes'] for r in results)))
    pss = results[-1]['pss']
    computes = sum(v for k, v in pss.items() if k in scale.COMPUTES)
    print('  PSS, MiB (workers included): controllers %.0f (%s), ten '
          'computes %.0f' % (sum(pss.values()) - computes, ', '.join(
              '%s %.0f' % kv for kv in sorted(pss.items())
              if kv[0] not in scale.COMPUTES), computes))


if __name__ == '__main__':
    main()
