"""nova-lite-network as its own daemon over RabbitMQ and MariaDB, its data
through the conductor, driven by unmodified python-openstackclient."""
import json
import os
import subprocess
import sys

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import services

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, transport_url):
    with services.mysql_database() as db_url:
        dep = deployment_mod.Deployment(
            str(tmp_path_factory.mktemp('deploy')), transport_url, db_url,
            computes=('cmp1',), network=True)
        dep.start()
        yield dep
        dep.stop()


@pytest.fixture(scope='module')
def cloud(deployment, tmp_path_factory):
    path = tmp_path_factory.mktemp('osc') / 'clouds.yaml'
    path.write_text(
        'clouds:\n'
        '  nova-lite:\n'
        '    auth_type: none\n'
        '    compute_endpoint_override: %(e)s/v2.1\n'
        '    image_endpoint_override: %(e)s/image\n'
        '    network_endpoint_override: %(n)s/\n' %
        {'e': deployment.endpoint, 'n': deployment.network_endpoint})
    return {'OS_CLIENT_CONFIG_FILE': str(path), 'OS_CLOUD': 'nova-lite'}


def _openstack(cloud, *args, check=True):
    env = dict(os.environ, **cloud)
    out = subprocess.run([OPENSTACK] + list(args), env=env,
                         capture_output=True, text=True, timeout=120)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def _json(cloud, *args):
    return json.loads(_openstack(cloud, *(args + ('-f', 'json'))).stdout)


def test_the_network_daemon_has_no_database(deployment):
    with open(os.path.join(deployment.workdir, 'controller.conf')) as f:
        assert 'connection' not in f.read()
    resp = requests.get(deployment.network_endpoint + '/', timeout=10)
    assert resp.json()['versions'][0]['id'] == 'v2.0'


def test_networks_subnets_ports(cloud, deployment):
    net = _json(cloud, 'network', 'create', 'osc-net')
    assert net['name'] == 'osc-net' and net['status'] == 'ACTIVE'
    listed = _json(cloud, 'network', 'list')
    assert 'osc-net' in [n['Name'] for n in listed]
    shown = _json(cloud, 'network', 'show', 'osc-net')
    assert shown['id'] == net['id']

    subnet = _json(cloud, 'subnet', 'create', '--network', 'osc-net',
                   '--subnet-range', '10.50.0.0/24', 'osc-subnet')
    assert subnet['cidr'] == '10.50.0.0/24'
    assert subnet['gateway_ip'] == '10.50.0.1'
    assert [s['Name'] for s in _json(cloud, 'subnet', 'list')] == [
        'osc-subnet']

    port = _json(cloud, 'port', 'create', '--network', 'osc-net',
                 'osc-port')
    assert port['status'] == 'DOWN'
    assert port['mac_address'].startswith('fa:16:3e:')
    fixed = port['fixed_ips']
    assert '10.50.0.' in json.dumps(fixed)
    ports = _json(cloud, 'port', 'list', '--network', 'osc-net')
    assert [p['Name'] for p in ports] == ['osc-port']
    assert _json(cloud, 'port', 'show', 'osc-port')['id'] == port['id']

    bad = _openstack(cloud, 'subnet', 'create', '--network', 'osc-net',
                     '--subnet-range', '10.50.0.0/33', 'bad', check=False)
    assert bad.returncode != 0
    in_use = _openstack(cloud, 'network', 'delete', 'osc-net', check=False)
    assert in_use.returncode != 0

    _openstack(cloud, 'port', 'delete', 'osc-port')
    _openstack(cloud, 'network', 'delete', 'osc-net')
    assert 'osc-net' not in [n['Name'] for n in _json(cloud, 'network',
                                                      'list')]
    assert deployment.errors_in_logs() == {}


def test_security_groups_and_rules(cloud):
    group = _json(cloud, 'security', 'group', 'create', 'osc-web')
    assert group['name'] == 'osc-web'
    names = [g['Name'] for g in _json(cloud, 'security', 'group', 'list')]
    assert {'default', 'osc-web'} <= set(names)
    rule = _json(cloud, 'security', 'group', 'rule', 'create', '--protocol',
                 'tcp', '--dst-port', '22', 'osc-web')
    assert rule['port_range_min'] == 22 and rule['protocol'] == 'tcp'
    _openstack(cloud, 'security', 'group', 'rule', 'delete', rule['id'])
    rules = _json(cloud, 'security', 'group', 'rule', 'list', 'osc-web')
    assert rule['id'] not in [r['ID'] for r in rules]
    _openstack(cloud, 'security', 'group', 'delete', 'osc-web')


def test_thirty_ports_at_once_over_mariadb(deployment):
    """The address of each port is decided by MariaDB's unique constraint
    through the conductor: 30 ports at once get 30 addresses; a full pool
    answers 409 IpAddressGenerationFailure and leaves no port."""
    import concurrent.futures
    base = deployment.network_endpoint + '/v2.0'
    headers = {'X-Auth-Token': 'racer:race-project'}
    net = requests.post(base + '/networks', json={'network': {
        'name': 'race'}}, headers=headers, timeout=30).json()['network']
    resp = requests.post(base + '/subnets', json={'subnet': {
        'network_id': net['id'], 'ip_version': 4, 'cidr': '10.60.0.0/26',
        'gateway_ip': None, 'allocation_pools': [
            {'start': '10.60.0.2', 'end': '10.60.0.31'}]}},
        headers=headers, timeout=30)
    assert resp.status_code == 201, resp.text

    def create(_):
        return requests.post(base + '/ports', json={'port': {
            'network_id': net['id']}}, headers=headers, timeout=60)

    with concurrent.futures.ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(create, range(30)))
    assert [r.status_code for r in answers] == [201] * 30, \
        [r.text for r in answers if r.status_code != 201]
    ips = {r.json()['port']['fixed_ips'][0]['ip_address'] for r in answers}
    assert len(ips) == 30
    full = create(None)
    assert full.status_code == 409, full.text
    assert full.json()['NeutronError']['type'] == \
        'IpAddressGenerationFailure'
    ports = requests.get(base + '/ports?network_id=%s' % net['id'],
                         headers=headers, timeout=30).json()['ports']
    assert len(ports) == 30
    assert deployment.errors_in_logs() == {}
