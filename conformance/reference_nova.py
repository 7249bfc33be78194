"""The real Nova 34 (+ Placement 16) from PyPI, run with the fake driver as
the reference nova_lite is compared with (facts: shared recipe
real-nova.md).

    nova = ReferenceNova(workdir, venv, transport_url, databases, stand_ins)
    nova.start()   # placement, nova-api (gunicorn), conductor, scheduler,
                   # one compute "fakehost1"; cells mapped, host discovered
    nova.endpoint  # http://127.0.0.1:<port>
    nova.stop()

`databases` maps api, cell0, cell1 and placement to MariaDB URLs (own
databases); the transport URL names an own RabbitMQ vhost.
"""
import os
import subprocess
import time

import requests

from tests.integration import deployment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPUTE_HOST = 'fakehost1'
_AUTH_FILTERS = 'authtoken keystonecontext'


class ReferenceNova(object):
    def __init__(self, workdir, venv, transport_url, databases, stand_ins):
        self.workdir = workdir
        self.venv = venv
        self.etc = os.path.join(workdir, 'etc')
        self.transport_url = transport_url
        self.databases = databases
        self.stand_ins = stand_ins
        self.port = deployment.free_port()
        self.placement_port = deployment.free_port()
        self.procs = {}
        self.logs = {}

    @property
    def endpoint(self):
        return 'http://127.0.0.1:%d' % self.port

    def _bin(self, name):
        return os.path.join(self.venv, 'bin', name)

    def _env(self):
        env = dict(os.environ)
        env['PYTHONPATH'] = REPO
        env['OS_NOVA_CONFIG_DIR'] = self.etc
        env['OS_PLACEMENT_CONFIG_DIR'] = self.etc
        return env

    # -- configuration -------------------------------------------------------

    def write_config(self):
        os.makedirs(self.etc, exist_ok=True)
        for sub in ('state', 'instances', 'lock'):
            os.makedirs(os.path.join(self.workdir, sub), exist_ok=True)
        stand_in = self.stand_ins.url
        self.nova_conf = os.path.join(self.etc, 'nova.conf')
        deployment.write_conf(self.nova_conf, {
            'DEFAULT': {
                'transport_url': self.transport_url,
                'compute_driver': 'fake.FakeDriverWithoutFakeNodes',
                'state_path': os.path.join(self.workdir, 'state'),
                'instances_path': os.path.join(self.workdir, 'instances'),
                'host': 'controller',
                'my_ip': '127.0.0.1',
                'debug': 'False',
                'use_stderr': 'True',
                'osapi_compute_workers': 1,
                'metadata_workers': 1,
            },
            'api': {'auth_strategy': 'keystone'},
            'api_database': {'connection': self.databases['api']},
            'database': {'connection': self.databases['cell1']},
            'conductor': {'workers': 1},
            'scheduler': {'workers': 1,
                          'discover_hosts_in_cells_interval': -1},
            'placement': {'auth_type': 'admin_token',
                          'endpoint': 'http://127.0.0.1:%d'
                                      % self.placement_port,
                          'token': 'admin:admin'},
            'glance': {'endpoint_override': stand_in},
            'neutron': {'endpoint_override': stand_in,
                        'auth_type': 'admin_token',
                        'endpoint': stand_in, 'token': 'admin:admin'},
            'keystone': {'endpoint_override': stand_in + '/v3'},
            'cinder': {'auth_type': 'admin_token', 'endpoint': stand_in,
                       'token': 'admin:admin'},
            'vnc': {'enabled': 'False'},
            'oslo_concurrency': {'lock_path':
                                 os.path.join(self.workdir, 'lock')},
            'oslo_messaging_notifications': {'driver': 'noop'},
            'oslo_policy': {'enforce_scope': 'False',
                            'enforce_new_defaults': 'True'},
        })
        self.compute_conf = os.path.join(self.etc, 'compute.conf')
        deployment.write_conf(self.compute_conf,
                              {"DEFAULT": {"host": COMPUTE_HOST}})
        deployment.write_conf(os.path.join(self.etc, 'placement.conf'), {
            'DEFAULT': {'debug': 'False'},
            'api': {'auth_strategy': 'noauth2'},
            'placement_database': {'connection':
                                   self.databases['placement']},
        })
        self._write_paste()

    def _write_paste(self):
        """The installed api-paste.ini, its Keystone filters replaced by
        conformance.reference_wsgi's token-names-caller filter."""
        with open(os.path.join(self.venv, 'etc', 'nova',
                               'api-paste.ini')) as f:
            text = f.read()
        assert _AUTH_FILTERS in text, 'the api-paste.ini pipeline changed'
        text = text.replace(_AUTH_FILTERS, 'conformance_auth')
        text += ('\n[filter:conformance_auth]\npaste.filter_factory = '
                 'conformance.reference_wsgi:auth_filter_factory\n')
        with open(os.path.join(self.etc, 'api-paste.ini'), 'w') as f:
            f.write(text)

    # -- processes -----------------------------------------------------------

    def _run(self, *cmd):
        result = subprocess.run(list(cmd), env=self._env(), cwd=self.workdir,
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError('%s failed (%s):\n%s%s' % (
                ' '.join(cmd), result.returncode, result.stdout,
                result.stderr[-4000:]))
        return result.stdout

    def _manage(self, *args):
        return self._run(self._bin('nova-manage'), '--config-file',
                         self.nova_conf, *args)

    def _spawn(self, name, cmd):
        log = open(os.path.join(self.workdir, '%s.log' % name), 'ab')
        self.logs[name] = log
        self.procs[name] = subprocess.Popen(
            cmd, env=self._env(), cwd=self.workdir, stdout=log,
            stderr=subprocess.STDOUT)

    def _gunicorn(self, name, port, factory):
        self._spawn(name, [self._bin('gunicorn'), '--bind',
                           '127.0.0.1:%d' % port, '--workers', '1',
                           '--threads', '4', '--timeout', '300',
                           'conformance.reference_wsgi:%s()' % factory])

    def start(self):
        try:
            self.write_config()
            self._manage('api_db', 'sync')
            self._manage('cell_v2', 'map_cell0', '--database_connection',
                         self.databases['cell0'])
            self._manage('cell_v2', 'create_cell', '--name', 'cell1')
            self._manage('db', 'sync')
            self._run(self._bin('placement-manage'), '--config-file',
                      os.path.join(self.etc, 'placement.conf'), 'db', 'sync')
            self._gunicorn('placement', self.placement_port, 'placement')
            self._gunicorn('nova-api', self.port, 'nova')
            for name in ('nova-conductor', 'nova-scheduler'):
                self._spawn(name, [self._bin(name), '--config-file',
                                   self.nova_conf])
            self._spawn('nova-compute', [
                self._bin('nova-compute'), '--config-file', self.nova_conf,
                '--config-file', self.compute_conf])
            self._wait_for_api()
            self._wait_for_compute()
            self._manage('cell_v2', 'discover_hosts')
        except BaseException:
            self.stop()
            raise

    # The same process bookkeeping (self.procs, self.logs, self.workdir)
    # as nova_lite's integration deployment.
    _check_alive = deployment.Deployment._check_alive
    log_tail = deployment.Deployment.log_tail
    stop = deployment.Deployment.stop

    def _wait_for_api(self, timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            self._check_alive()
            try:
                requests.get(self.endpoint + '/', timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.5)
        raise RuntimeError('the reference nova-api did not come up:\n%s'
                           % self.log_tail('nova-api'))

    def _wait_for_compute(self, timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            self._check_alive()
            resp = requests.get(self.endpoint + '/v2.1/os-services',
                                headers={'X-Auth-Token': 'admin:admin'},
                                timeout=30)
            if resp.status_code == 200 and any(
                    s['binary'] == 'nova-compute' and s['state'] == 'up'
                    for s in resp.json()['services']):
                return
            time.sleep(1)
        raise RuntimeError('the reference nova-compute did not come up:\n%s'
                           % self.log_tail('nova-compute'))
