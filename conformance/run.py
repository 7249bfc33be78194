"""Run the differential conformance test (tox -e conformance).

    python -m conformance.run [--workdir DIR] [--reference URL] [--serve]

Brings up, on this machine's RabbitMQ and MariaDB (own vhosts and
databases, removed afterwards): the real Nova 34 + Placement 16 (from the
cached venv of tools/conformance/ensure-nova-venv.sh, fake driver, the
stand-ins of conformance/stand_ins.py) and nova_lite's four daemons
(noauth2, fake driver); sends both the scenario; prints one MATCH, KNOWN
(every difference listed in intentional_differences.yaml) or DIFF line
per call and a summary. Exit status 1 when a DIFF remains.

--serve starts only the reference Nova and prints its URL until
interrupted; --reference URL runs against such a running reference
(iterating on nova_lite without waiting for Nova's start each time).
"""
import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time

import requests

from conformance import compare
from conformance import intentional
from conformance import reference_nova
from conformance import scenario
from conformance import stand_ins
from tests.integration import deployment
from tests.integration import services

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Nova's default quotas, so that both sides answer os-quota-sets alike.
NOVA_QUOTAS = {'instances': 10, 'cores': 20, 'ram': 51200}


def nova_venv():
    return subprocess.run(
        [os.path.join(REPO, 'tools', 'conformance', 'ensure-nova-venv.sh')],
        check=True, capture_output=True, text=True).stdout.strip()


@contextlib.contextmanager
def reference(workdir, fakes):
    """The running reference Nova (a ReferenceNova: .endpoint, .procs)."""
    venv = nova_venv()
    with contextlib.ExitStack() as stack:
        transport_url = stack.enter_context(services.rabbit_vhost())
        databases = {name: stack.enter_context(services.mysql_database())
                     for name in ('api', 'cell0', 'cell1', 'placement')}
        nova = reference_nova.ReferenceNova(
            os.path.join(workdir, 'nova'), venv, transport_url, databases,
            fakes)
        os.makedirs(nova.workdir, exist_ok=True)
        nova.start()
        stack.callback(nova.stop)
        yield nova


@contextlib.contextmanager
def nova_lite(workdir, fakes):
    """nova_lite's conductor, scheduler, API and one fake compute, with the
    reference's stand-in network service (both sides proxy the same
    empty Neutron)."""
    with contextlib.ExitStack() as stack:
        transport_url = stack.enter_context(services.rabbit_vhost())
        db_url = stack.enter_context(services.mysql_database())
        path = os.path.join(workdir, 'nova_lite')
        os.makedirs(path, exist_ok=True)
        lite = deployment.Deployment(
            path, transport_url, db_url,
            computes=(reference_nova.COMPUTE_HOST,),
            common={'quota': dict(NOVA_QUOTAS),
                    'neutron': {'endpoint_override': fakes.url}})
        lite.start()
        stack.callback(lite.stop)
        yield lite.endpoint, lite.image_id()


def _same_start(endpoint):
    """Both sides start without flavors (nova_lite's defaults deleted)."""
    headers = {'X-Auth-Token': 'admin:admin'}
    listing = requests.get(endpoint + '/v2.1/flavors?is_public=None',
                           headers=headers, timeout=60).json()['flavors']
    for flavor in listing:
        requests.delete(endpoint + '/v2.1/flavors/' + flavor['id'],
                        headers=headers, timeout=60)


def run(nova_endpoint, nova_image, lite_endpoint, lite_image, out):
    known = intentional.Intentional()
    sides = []
    for name, endpoint, image in (('nova', nova_endpoint, nova_image),
                                  ('nova_lite', lite_endpoint, lite_image)):
        _same_start(endpoint)
        sides.append(scenario.Side(name, endpoint, requests.Session(),
                                   {'IMAGE_ID': image}))
    counts = {'MATCH': 0, 'KNOWN': 0, 'DIFF': 0}
    known_lines = []
    for step in scenario.load():
        method = next(m for m in scenario.METHODS if m in step)
        answers = [side.send(step) for side in sides]
        if step.get('compare', True) is False:
            continue
        diffs = compare.differences(*answers)
        unexplained = []
        for diff in diffs:
            reason = known.reason(step['name'], diff)
            if reason is None:
                unexplained.append(diff)
            else:
                known_lines.append('%s: %s (%s)' % (step['name'], diff,
                                                    reason))
        verdict = ('DIFF' if unexplained else 'KNOWN' if diffs else 'MATCH')
        counts[verdict] += 1
        out('%-5s %s %s [%s] %s' % (verdict, method, step[method],
                                    step.get('version') or '-',
                                    step['name']))
        for diff in unexplained:
            out('      - %s' % diff)
    total = sum(counts.values())
    out('')
    out('conformance summary: %d calls compared, %d MATCH, %d KNOWN '
        '(intentional differences), %d DIFF' % (
            total, counts['MATCH'], counts['KNOWN'], counts['DIFF']))
    for line in known_lines:
        out('  known: %s' % line)
    for reason in known.unused():
        out('  intentional difference never seen: %s' % reason)
    return counts


def _interrupt(signum, frame):
    raise KeyboardInterrupt()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workdir')
    parser.add_argument('--reference', help='URL of a running reference')
    parser.add_argument('--serve', action='store_true')
    parser.add_argument('--report', help='also write the lines here')
    args = parser.parse_args(argv)
    workdir = args.workdir or tempfile.mkdtemp(prefix='nl-conformance-')
    report = open(args.report, 'w') if args.report else None

    def out(line):
        print(line, flush=True)
        if report:
            report.write(line + '\n')
            report.flush()

    t0 = time.time()
    with contextlib.ExitStack() as stack:
        fakes = stand_ins.StandIns().start()
        stack.callback(fakes.stop)
        if args.reference:
            nova_endpoint = args.reference
        else:
            nova_endpoint = stack.enter_context(
                reference(workdir, fakes)).endpoint
        out('reference Nova 34 at %s (%.0f s)' % (nova_endpoint,
                                                  time.time() - t0))
        if args.serve:
            signal.signal(signal.SIGTERM, _interrupt)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
        lite_endpoint, lite_image = stack.enter_context(nova_lite(workdir, fakes))
        out('nova_lite at %s' % lite_endpoint)
        counts = run(nova_endpoint, stand_ins.IMAGE_ID, lite_endpoint,
                     lite_image, out)
    return 1 if counts['DIFF'] else 0


if __name__ == '__main__':
    sys.exit(main())
