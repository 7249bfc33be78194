"""The spine, as deployed: api, conductor, scheduler and two computes as
separate processes over RabbitMQ; MariaDB or PostgreSQL reachable from the
conductor only (the other daemons have no [database] section at all)."""
import concurrent.futures

import pytest

from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services


@pytest.fixture(scope='module', params=[
    ('mysql', 'threading'), ('postgresql', 'threading'),
    ('mysql', 'eventlet')], ids=lambda p: '-'.join(p))
def deployment(request, tmp_path_factory, transport_url):
    db, backend = request.param
    with services.DATABASES[db]() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            computes=('cmp1', 'cmp2'), backend=backend,
            common={'fake_driver': {'vcpus': 8, 'memory_mb': 16384,
                                    'local_gb': 200}})
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


def test_every_service_reports_up(deployment):
    services_up = deployment.wait_for_services(
        ['nova-conductor', 'nova-scheduler',
         'nova-compute', 'nova-compute'])
    hosts = sorted(s['host'] for s in services_up
                   if s['binary'] == 'nova-compute')
    assert hosts == ['cmp1', 'cmp2']


def test_twenty_servers_active_on_both_hosts_then_released(deployment):
    image = deployment.image_id()
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        ids = list(pool.map(
            lambda i: deployment.boot('vm-%d' % i, image=image), range(20)))

    def all_active():
        servers = {s['id']: s for s in deployment.servers()}
        assert not [s for s in servers.values() if s['status'] == 'ERROR']
        if all(servers[i]['status'] == 'ACTIVE' for i in ids):
            return servers
    servers = wait_for(all_active)
    hosts = [servers[i]['OS-EXT-SRV-ATTR:host'] for i in ids]
    assert set(hosts) == {'cmp1', 'cmp2'}
    # m1.tiny: 1 vCPU, 512 MiB, 1 GiB; the claims match where they run
    for host in ('cmp1', 'cmp2'):
        count = hosts.count(host)
        hyp = deployment.hypervisor(host)
        assert (hyp['running_vms'], hyp['vcpus_used'],
                hyp['memory_mb_used'], hyp['local_gb_used']) == (
                    count, count, 512 * count, count)

    for sid in ids:
        deployment.delete(sid)
    wait_for(lambda: not deployment.servers())

    def released(host):
        hyp = deployment.hypervisor(host)
        return (hyp['running_vms'], hyp['vcpus_used'],
                hyp['memory_mb_used'], hyp['local_gb_used']) == (0, 0, 0, 0)
    # Claims go back right after each record is deleted.
    for host in ('cmp1', 'cmp2'):
        wait_for(lambda: released(host), timeout=10)


def test_no_valid_host_puts_server_in_error_with_fault(deployment):
    sid = deployment.boot('huge', flavor='5')   # 8 vCPUs, 16 GiB
    server = wait_for(lambda: deployment.server(sid)['status'] == 'ERROR'
                      and deployment.server(sid))
    assert 'No valid host was found' in server['fault']['message']
    assert server['fault']['code'] == 500
    deployment.delete(sid)
    wait_for(lambda: not deployment.servers())
