"""nova-lite-all, as a newcomer runs it after the README's libvirt steps
(compute_driver = auto picks libvirt), through unmodified
python-openstackclient with the README's clouds.yaml: `openstack server
create --image nova-lite-tiny --flavor m1.nano --wait vm1` boots a real
guest that gets its address on the default network by DHCP."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid

import pytest
import requests

from tests.integration import deployment as deployment_mod
from tests.integration import guest_network
from tests.integration import libvirt_rest as rest

pytestmark = [pytest.mark.libvirt, pytest.mark.slow]

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
NFT_TABLE = 'nl_all_%s' % uuid.uuid4().hex[:8]


@pytest.fixture(scope='module')
def all_in_one():
    rest.prepare_host()
    rest.run([os.path.join(rest.TOOLS, 'install-network.sh')])
    home = tempfile.mkdtemp(prefix='nova-lite-all-home-')
    os.chmod(home, 0o755)
    port = deployment_mod.free_port()
    conf = os.path.join(home, 'nova-lite.conf')
    with open(conf, 'w') as f:
        f.write('[DEFAULT]\nosapi_compute_listen_port = %d\n'
                'vif_plugging_timeout = 90\n'
                '[vnc]\nenabled = false\n'
                '[network_agent]\nnft_table = %s\npolling_interval = 1\n'
                % (port, NFT_TABLE))
    log = open(os.path.join(home, 'all.log'), 'wb')
    proc = subprocess.Popen(
        [sys.executable, '-m', 'nova_lite.cmd.all', '--config-file', conf],
        stdout=log, stderr=subprocess.STDOUT, cwd=home,
        env=dict(os.environ, HOME=home))
    endpoint = 'http://127.0.0.1:%d' % port
    state = os.path.join(home, '.local', 'share', 'nova-lite')
    network_ids, port_ids, server_ids = [], [], []

    def ready():
        if proc.poll() is not None:
            pytest.fail('nova-lite-all exited:\n' + open(
                os.path.join(home, 'all.log')).read()[-3000:])
        with open(os.path.join(home, 'all.log'), errors='replace') as f:
            return 'nova-lite-all ready' in f.read()
    try:
        deployment_mod.wait_for(ready, 120)
        yield {'endpoint': endpoint, 'home': home}
        network = endpoint + '/network/v2.0/'
        network_ids = [n['id'] for n in requests.get(
            network + 'networks', timeout=30).json()['networks']]
        port_ids = [p['id'] for p in requests.get(
            network + 'ports', timeout=30).json()['ports']]
        server_ids = [s['id'] for s in requests.get(
            endpoint + '/v2.1/servers', timeout=30).json()['servers']]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        conn = rest.libvirt.open('qemu:///system')
        for server_id in server_ids:
            rest.undefine(conn, server_id)
        conn.close()
        guest_network.cleanup_host(os.path.join(state, 'dhcp'), network_ids,
                                   port_ids, NFT_TABLE)
        shutil.rmtree(home, ignore_errors=True)


def test_readme_server_create_boots_a_guest_with_an_address(all_in_one):
    endpoint = all_in_one['endpoint']
    with open(os.path.join(all_in_one['home'], 'all.log')) as f:
        assert 'libvirt driver: real guests' in f.read()
    clouds = os.path.join(all_in_one['home'], 'clouds.yaml')
    with open(clouds, 'w') as f:
        f.write('clouds:\n'
                '  nova-lite:\n'
                '    auth_type: none\n'
                '    compute_endpoint_override: %(e)s/v2.1\n'
                '    image_endpoint_override: %(e)s/image\n'
                '    identity_endpoint_override: %(e)s/identity\n'
                '    network_endpoint_override: %(e)s/network/\n'
                % {'e': endpoint})
    out = subprocess.run(
        [OPENSTACK, 'server', 'create', '--image', 'nova-lite-tiny',
         '--flavor', 'm1.nano', '--wait', '-f', 'json', 'vm1'],
        env=dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds,
                 OS_CLOUD='nova-lite'),
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    server = json.loads(out.stdout)
    assert server['status'] == 'ACTIVE'
    shown = requests.get(endpoint + '/v2.1/servers/' + server['id'],
                         headers={'OpenStack-API-Version': 'compute 2.100'},
                         timeout=30).json()['server']
    (address,) = shown['addresses']['private']
    assert address['addr'].startswith('10.0.0.')

    def console():
        resp = requests.post(
            endpoint + '/v2.1/servers/%s/action' % server['id'],
            json={'os-getConsoleOutput': {}}, timeout=30)
        return resp.json()['output']
    assert guest_network.wait_for_address(
        console, address['OS-EXT-IPS-MAC:mac_addr']) == address['addr']
