"""RabbitMQ quorum queues ([oslo_messaging_rabbit] rabbit_quorum_queue,
as oslo.messaging has it): on a fresh vhost (a queue's type never
changes once declared) every daemon declares its topic queues as quorum
queues, and a server boots and is deleted over them."""
import subprocess

import pytest

from tests.integration import deployment as deployment_mod
from tests.integration.deployment import wait_for
from tests.integration import services


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.DATABASES['mysql']() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('quorum')), transport_url, db_url,
            computes=('cmp1',),
            common={'oslo_messaging_rabbit': {'rabbit_quorum_queue': 'true'},
                    'conductor': {'workers': 1},
                    'scheduler': {'workers': 1},
                    'DEFAULT': {'osapi_compute_workers': 1}})
        dep.vhost = transport_url.rsplit('/', 1)[1]
        dep.start()
        yield dep
        dep.stop()
        errors = dep.errors_in_logs()
        assert not errors, errors


def _queue_types(vhost):
    """{queue name: type} from the broker."""
    out = subprocess.run(
        ['rabbitmqctl', '-q', 'list_queues', '-p', vhost, 'name', 'type'],
        check=True, capture_output=True, text=True, timeout=60).stdout
    types = {}
    for line in out.splitlines():
        fields = line.split('\t')
        if len(fields) == 2 and fields != ['name', 'type']:
            types[fields[0]] = fields[1]
    return types


def test_boot_and_delete_over_quorum_queues(deployment):
    server_id = deployment.boot('quorum')
    wait_for(lambda: deployment.server(server_id)['status'] == 'ACTIVE',
             timeout=60)
    deployment.delete(server_id)
    wait_for(lambda: deployment.server(server_id) is None, timeout=60)

    types = _queue_types(deployment.vhost)
    topics = ['conductor', 'scheduler', 'compute', 'compute.cmp1',
              'conductor.controller', 'scheduler.controller']
    assert {name: types.get(name) for name in topics} == {
        name: 'quorum' for name in topics}, types
