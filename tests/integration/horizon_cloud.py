"""The whole demo cloud the dashboard tests use, as a person runs it:
real Keystone, Glance and Cinder from PyPI (tools/start-keystone-glance.sh),
nova_lite's four daemons over RabbitMQ and MariaDB with
nova-lite-network, its agent and DHCP on the libvirt compute (QEMU guests
of the tiny test image), nova-lite-novncproxy, and the real Horizon 27
(tools/start-horizon.sh) in front of Keystone's catalog.

`running()` yields a Cloud; the demo project has a network with a DHCP
subnet ("demo-net") that the launch wizard offers.
"""
import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid

import requests

from tests.integration import deployment as deployment_mod
from tests.integration import guest_network
from tests.integration import keystone_glance
from tests.integration import libvirt_rest

ROOT = keystone_glance.ROOT
START_HORIZON = os.path.join(ROOT, 'tools', 'start-horizon.sh')
STOP_HORIZON = os.path.join(ROOT, 'tools', 'stop-horizon.sh')
DEMO_NET = 'demo-net'
DEMO_CIDR = '10.0.7.0/24'


class Cloud(object):
    """What a dashboard test needs: env.json (`kg`), the Deployment
    (`dep`), Horizon's URL and tokens of the bring-up's users."""

    def __init__(self, kg, dep, horizon_url):
        self.kg = kg
        self.dep = dep
        self.horizon_url = horizon_url

    def password(self, user):
        return self.kg['users'][user]['password']

    def token(self, user, project):
        return keystone_glance.session(self.kg, user, project).get_token()

    def compute(self, method, path, user='admin', project='admin',
                version='2.100', **kw):
        headers = {'X-Auth-Token': self.token(user, project),
                   'OpenStack-API-Version': 'compute %s' % version}
        return requests.request(method, self.dep.endpoint + '/v2.1' + path,
                                headers=headers, timeout=60, **kw)

    def network(self, method, path, user='admin', project='admin', **kw):
        headers = {'X-Auth-Token': self.token(user, project)}
        return requests.request(
            method, self.dep.network_endpoint + '/v2.0' + path,
            headers=headers, timeout=60, **kw)


def _demo_network(cloud):
    net = cloud.network('POST', '/networks', 'demo', 'demo', json={
        'network': {'name': DEMO_NET}})
    assert net.status_code == 201, net.text
    subnet = cloud.network('POST', '/subnets', 'demo', 'demo', json={
        'subnet': {'network_id': net.json()['network']['id'],
                   'name': DEMO_NET + '-subnet', 'ip_version': 4,
                   'cidr': DEMO_CIDR, 'enable_dhcp': True}})
    assert subnet.status_code == 201, subnet.text
    return net.json()['network']['id']


def _deployment(workdir, transport_url, db_url, instances, extra,
                real_guests, **kwargs):
    """A libvirt compute (QEMU guests, DHCP by the agent on its host,
    nova-lite-novncproxy) or, where libvirt is not usable, the fake
    driver's compute with the network service alone."""
    if not real_guests:
        extra['network']['dhcp_enabled'] = 'false'
        return deployment_mod.Deployment(workdir, transport_url, db_url,
                                         computes=('cmp1',), common=extra,
                                         network=True, **kwargs)
    # noVNC 1.x (Debian's): the page that connects by itself, as Nova's
    # docs say for it.
    return libvirt_rest.libvirt_deployment(
        workdir, transport_url, db_url, instances, extra=extra,
        vnc_page='vnc_lite.html', network=True, agents=('lv1',), **kwargs)


@contextlib.contextmanager
def running(transport_url, db_url, nft_table=None, real_guests=True):
    """The cloud; `real_guests` False (the demo where libvirt is not
    usable): the fake driver, no DHCP, no console."""
    if real_guests:
        libvirt_rest.prepare_host()
        libvirt_rest.run([os.path.join(libvirt_rest.TOOLS,
                                       'install-network.sh')])
    # QEMU (libvirt-qemu), dnsmasq (nobody) and Cinder's share must be
    # reachable: not under pytest's 0700 base directory.
    workdir = tempfile.mkdtemp(prefix='nova-lite-horizon-')
    os.chmod(workdir, 0o755)
    instances = os.path.join(workdir, 'instances')
    os.mkdir(instances, 0o755)
    nft_table = nft_table or 'nl_hz_%s' % uuid.uuid4().hex[:8]
    api_port = deployment_mod.free_port()
    network_port = deployment_mod.free_port()
    kg_dir = os.path.join(workdir, 'kg')
    os.mkdir(kg_dir, 0o755)
    network_ids, port_ids, server_ids = [], [], []
    try:
        with keystone_glance.running(kg_dir, api_port=api_port,
                                     network_port=network_port,
                                     cinder=True) as kg:
            service_user = dict(kg['service_user'])
            nova_creds = {k: v for k, v in service_user.items()
                          if k != 'send_service_user_token'}
            extra = {
                'DEFAULT': {'vif_plugging_timeout': 90,
                            'shutdown_timeout': 10,
                            'block_device_allocate_retries_interval': 1},
                'api': {'auth_strategy': 'keystone'},
                'network': {'auth_strategy': 'keystone',
                            'dhcp_enabled': 'true'},
                'network_agent': {'polling_interval': 1,
                                  'nft_table': nft_table},
                'keystone_authtoken': dict(kg['keystone_authtoken']),
                'service_user': service_user,
                'cinder': nova_creds,
                'nova': nova_creds,
                # Port bindings are admin-only in the network service:
                # nova_lite sets them with these credentials, as Nova.
                'neutron': nova_creds,
                'glance': {'image_backend': 'glance'},
                'libvirt': {'nfs_mount_point_base':
                            kg['cinder']['mount_point_base'],
                            'device_detach_timeout': 20},
                # The demo project's quotas are what the Overview charts.
                'quota': {'instances': 10, 'cores': 20, 'ram': 51200},
            }
            admin = keystone_glance.session(kg, 'admin', 'admin')
            os.mkdir(os.path.join(workdir, 'deploy'), 0o755)
            dep = _deployment(
                os.path.join(workdir, 'deploy'), transport_url, db_url,
                instances, extra, real_guests, network_port=network_port,
                port=api_port, token_provider=admin.get_token)
            try:
                dep.start()
                if real_guests:
                    dep.start_daemon('novncproxy')
                out = subprocess.run(
                    [START_HORIZON, kg_dir], capture_output=True, text=True,
                    timeout=1800,
                    env=dict(os.environ,
                             HORIZON_PORT=str(deployment_mod.free_port())))
                assert out.returncode == 0, out.stdout + out.stderr
                cloud = Cloud(kg, dep, out.stdout.strip().splitlines()[-1])
                _demo_network(cloud)
                yield cloud
                network_ids = [n['id'] for n in cloud.network(
                    'GET', '/networks').json()['networks']]
                port_ids = [p['id'] for p in cloud.network(
                    'GET', '/ports').json()['ports']]
                server_ids = [s['id'] for s in cloud.compute(
                    'GET', '/servers/detail?all_tenants=1').json()[
                        'servers']]
            finally:
                subprocess.run([STOP_HORIZON, kg_dir], capture_output=True,
                               timeout=120)
                dep.stop()
                errors = dep.errors_in_logs()
                if real_guests:
                    conn = libvirt_rest.libvirt.open('qemu:///system')
                    for server_id in server_ids:
                        libvirt_rest.undefine(conn, server_id)
                guest_network.cleanup_host(
                    os.path.join(dep.workdir, 'state', 'dhcp'), network_ids,
                    port_ids, nft_table)
            assert not errors, errors
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    """tools/start-demo-cloud.sh: this cloud for a person, until Ctrl-C
    or SIGTERM; prints where to log in."""
    import signal
    import threading

    from tests.integration import services
    real_guests = os.environ.get('NOVA_LITE_DEMO_REAL_GUESTS', '1') == '1'
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with services.rabbit_vhost() as transport_url, \
            services.mysql_database() as db_url, \
            running(transport_url, db_url,
                    real_guests=real_guests) as cloud:
        print('Guests:   %s' % ('real (libvirt, QEMU)' if real_guests else
                                'the fake driver (libvirt is not usable '
                                'here)'))
        print('Horizon:  %s' % cloud.horizon_url)
        for user in ('demo', 'demo2', 'admin'):
            print('  log in as %-6s password %s' % (user,
                                                     cloud.password(user)))
        print('Compute:  %s/v2.1   Keystone: %s' % (cloud.dep.endpoint,
                                                    cloud.kg['auth_url']))
        print('clouds.yaml for the openstack client: %s'
              % cloud.kg['clouds_yaml'])
        print('Ctrl-C stops everything.', flush=True)
        stop.wait()


if __name__ == '__main__':
    main()
