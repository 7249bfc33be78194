"""A nova_lite deployment as users run it: each daemon its own process,
RabbitMQ between them, the database reachable from the conductor only."""
import os
import random
import signal
import socket
import subprocess
import sys
import time

import requests

DAEMONS = ('conductor', 'scheduler', 'api')
HEADERS = {'OpenStack-API-Version': 'compute 2.100'}


def wait_for(predicate, timeout=60, poll=0.2):
    """Poll until predicate() is truthy; return its value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(poll)
    raise AssertionError('timed out after %ss' % timeout)


def free_port():
    """A free TCP port on loopback: any, or one of NOVA_LITE_TEST_PORTS
    ("LOW-HIGH") when a shared machine gives each run its own range."""
    ports = os.environ.get('NOVA_LITE_TEST_PORTS')
    candidates = [0]
    if ports:
        low, high = (int(p) for p in ports.split('-'))
        candidates = list(range(low, high + 1))
        random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(('127.0.0.1', port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise AssertionError('no free port in %s' % ports)


def children(pid):
    """The child processes of pid, whichever thread forked them; [] once
    it is gone."""
    found = []
    try:
        tasks = os.listdir('/proc/%d/task' % pid)
    except OSError:
        return found
    for task in tasks:
        try:
            with open('/proc/%d/task/%s/children' % (pid, task)) as f:
                found += [int(child) for child in f.read().split()]
        except OSError:
            continue
    return found


def descendants(pid):
    """Every process below pid (its workers and theirs)."""
    found = []
    for child in children(pid):
        found += [child] + descendants(child)
    return found


def _cmdline(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return f.read()
    except OSError:
        return None


def write_conf(path, sections):
    """One INI file from {section: {key: value}}."""
    with open(path, 'w') as f:
        for section, values in sections.items():
            f.write('[%s]\n' % section)
            for key, value in values.items():
                f.write('%s = %s\n' % (key, value))
            f.write('\n')


class Deployment(object):
    """Writes one config file per daemon and runs the daemons."""

    def __init__(self, workdir, transport_url, db_url, computes=('cmp1',),
                 backend='threading', common=None, compute_conf=None,
                 token_provider=None, port=None, network=False,
                 network_port=None, agents=(), api_server='nova-lite-api',
                 controllers=1):
        self.workdir = workdir
        # controllers: how many copies of each controller daemon (api,
        # conductor, scheduler) serve the deployment, copy N > 1 named
        # "<daemon>-N" on host "controller-N" (an API copy on its own
        # port, in self.endpoints).
        self.controllers = controllers
        # api_server: 'nova-lite-api' (its own server and workers) or
        # 'gunicorn' (2 workers serving nova_lite.wsgi.compute).
        self.api_server = api_server
        # agents: the hosts that also run nova-lite-network-agent (each
        # as "agent-<host>", with that compute host's configuration).
        self.agents = list(agents)
        # network=True: nova-lite-network runs too, its API on
        # network_port (no DHCP unless [network] dhcp_enabled is given in
        # `common`).
        self.network = network
        self.network_port = (network_port or free_port()) if network \
            else None
        # With [api] auth_strategy = keystone: a callable returning an admin
        # token, sent as X-Auth-Token by the helpers below.
        self.token_provider = token_provider
        self.db_url = db_url
        self.computes = list(computes)
        self.port = port or free_port()
        self.procs = {}
        self.logs = {}
        self.compute_conf = compute_conf or {}
        self.common_conf = os.path.join(workdir, 'nova-lite.conf')
        sections = {
            'DEFAULT': {
                'transport_url': transport_url,
                'state_path': os.path.join(workdir, 'state'),
                'compute_driver': 'fake.FakeDriver',
                'concurrency_backend': backend,
                'report_interval': 1,
                'service_down_time': 6,
                'periodic_interval': 5,
                'rpc_response_timeout': 30,
                'osapi_compute_listen': '127.0.0.1',
                'osapi_compute_listen_port': self.port,
                'osapi_compute_workers': 1,
                'debug': 'false',
            },
            'api': {'auth_strategy': 'noauth2'},
            # One process per daemon: the defaults (one worker per CPU)
            # fork nine controller processes per deployment, which on two
            # CPUs slowed the whole suite by half. The tests of the
            # workers (test_api_workers, the conductor-killed drill, the
            # scale-out) ask for them.
            'conductor': {'workers': 1},
            'scheduler': {'workers': 1},
            'network': {'auth_strategy': 'noauth2', 'host': 'controller',
                        'bind_host': '127.0.0.1',
                        'bind_port': self.network_port or 9696,
                        'dhcp_enabled': 'false'},
            'nova': {'endpoint_override':
                     'http://127.0.0.1:%d/v2.1' % self.port},
            # Tests and benchmarks boot dozens of servers in one project.
            'quota': {'instances': -1, 'cores': -1, 'ram': -1},
            # nova_lite's default, written out for a daemon of the previous
            # release (test_rolling_upgrade), whose default was false: all
            # daemons on one vhost must declare the queues alike.
            'oslo_messaging_rabbit': {'amqp_durable_queues': 'true'},
        }
        for section, values in (common or {}).items():
            sections.setdefault(section, {}).update(values)
        write_conf(self.common_conf, sections)
        # With Glance as the image service the images are uploaded there
        # (the rule of nova_lite.image.api.use_glance).
        glance = sections.get('glance', {})
        backend = glance.get('image_backend', 'auto')
        if backend == 'auto':
            uses_glance = bool(
                glance.get('endpoint_override') or glance.get('auth_type') or
                sections['api'].get('auth_strategy') == 'keystone')
        else:
            uses_glance = backend == 'glance'
        self.local_images = not uses_glance
        # Only the conductor (and nova-lite-manage) gets [database].
        self.db_conf = os.path.join(workdir, 'database.conf')
        write_conf(self.db_conf, {'DEFAULT': {'host': 'controller'},
                              'database': {'connection': db_url}})
        self.controller_conf = os.path.join(workdir, 'controller.conf')
        write_conf(self.controller_conf, {'DEFAULT': {'host': 'controller'}})
        self.endpoints = [self.endpoint]
        self.copy_confs = {}
        for copy in range(2, controllers + 1):
            port = free_port()
            self.endpoints.append('http://127.0.0.1:%d' % port)
            self.copy_confs[copy] = os.path.join(
                workdir, 'controller-%d.conf' % copy)
            write_conf(self.copy_confs[copy], {'DEFAULT': {
                'host': 'controller-%d' % copy,
                'osapi_compute_listen_port': port}})

    def _controller_names(self):
        """The controller daemons, each copy included, conductor first."""
        return [name if copy == 1 else '%s-%d' % (name, copy)
                for name in DAEMONS
                for copy in range(1, self.controllers + 1)]

    @property
    def endpoint(self):
        return 'http://127.0.0.1:%d' % self.port

    @property
    def network_endpoint(self):
        return 'http://127.0.0.1:%d' % self.network_port

    def _compute_conf(self, host):
        path = os.path.join(self.workdir, 'compute-%s.conf' % host)
        sections = {'DEFAULT': {'host': host}}
        for section, values in self.compute_conf.get(host, {}).items():
            sections.setdefault(section, {}).update(values)
        write_conf(path, sections)
        return path

    # -- REST helpers (the API at the latest microversion) -----------------

    def _auth(self, headers=None):
        headers = dict(headers or {})
        if self.token_provider is not None:
            headers['X-Auth-Token'] = self.token_provider()
        return headers

    def image_id(self):
        return requests.get(self.endpoint + '/image/v2/images',
                            headers=self._auth(), timeout=30).json()['images'][0]['id']

    def boot(self, name, flavor='1', image=None):
        resp = requests.post(
            self.endpoint + '/v2.1/servers', headers=self._auth(HEADERS), timeout=30,
            json={'server': {'name': name, 'flavorRef': flavor,
                             'imageRef': image or self.image_id(),
                             'networks': 'none'}})
        assert resp.status_code == 202, resp.text
        return resp.json()['server']['id']

    def server(self, server_id):
        """The server body, or None once it is gone (404)."""
        resp = requests.get(self.endpoint + '/v2.1/servers/' + server_id,
                            headers=self._auth(HEADERS), timeout=30)
        return resp.json()['server'] if resp.status_code == 200 else None

    def servers(self):
        return requests.get(self.endpoint + '/v2.1/servers/detail',
                            headers=self._auth(HEADERS), timeout=30).json()['servers']

    def delete(self, server_id):
        resp = requests.delete(self.endpoint + '/v2.1/servers/' + server_id,
                               headers=self._auth(), timeout=30)
        assert resp.status_code == 204, resp.text

    def hypervisor(self, hostname):
        body = requests.get(self.endpoint + '/v2.1/os-hypervisors/detail',
                            headers=self._auth(), timeout=30).json()
        return [h for h in body['hypervisors']
                if h['hypervisor_hostname'] == hostname][0]

    def service(self, host, binary='nova-compute'):
        body = requests.get(self.endpoint + '/v2.1/os-services',
                            headers=self._auth(), timeout=30).json()
        return [s for s in body['services']
                if s['host'] == host and s['binary'] == binary][0]

    def manage(self, *args):
        cmd = [sys.executable, '-m', 'nova_lite.cmd.manage', '--config-file',
               self.common_conf, '--config-file', self.db_conf] + list(args)
        return subprocess.run(cmd, check=True, capture_output=True,
                              text=True, timeout=120).stdout

    def _config_args(self, name):
        args = ['--config-file', self.common_conf]
        base, _, copy = name.partition('-')
        if base in DAEMONS and copy.isdigit():
            if base == 'conductor':
                args += ['--config-file', self.db_conf]
            return args + ['--config-file', self.copy_confs[int(copy)]]
        if name == 'conductor':
            args += ['--config-file', self.db_conf]
        elif name in ('scheduler', 'api', 'novncproxy', 'network'):
            args += ['--config-file', self.controller_conf]
        elif name.startswith('agent-'):
            args += ['--config-file',
                     self._compute_conf(name[len('agent-'):])]
        else:
            args += ['--config-file', self._compute_conf(name)]
        return args

    def start_daemon(self, name):
        base, _, copy = name.partition('-')
        if name.startswith('agent-'):
            module = 'network_agent'
        elif name in DAEMONS + ('novncproxy', 'network'):
            module = name
        elif base in DAEMONS and copy.isdigit():
            module = base
        else:
            module = 'compute'
        log = open(os.path.join(self.workdir, '%s.log' % name), 'ab')
        self.logs[name] = log
        command = [sys.executable, '-m', 'nova_lite.cmd.%s' % module] + \
            self._config_args(name)
        env = None
        if name == 'api' and self.api_server == 'gunicorn':
            command, env = self._gunicorn_command()
        self.procs[name] = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir,
            env=env)
        return self.procs[name]

    def _gunicorn_command(self):
        """gunicorn serving the WSGI module, configured as an operator
        would: the config files named in the environment."""
        env = dict(os.environ,
                   OS_NOVA_LITE_CONFIG_DIR=self.workdir,
                   OS_NOVA_LITE_CONFIG_FILES=';'.join(
                       os.path.basename(path) for path in
                       self._config_args('api')[1::2]))
        gunicorn = os.path.join(os.path.dirname(sys.executable), 'gunicorn')
        # No control socket: gunicorn's default is one shared path under
        # the user's home, which a test must not take from anyone else.
        return [gunicorn, '--workers', '2', '--threads', '8',
                '--no-control-socket',
                '--bind', '127.0.0.1:%d' % self.port,
                'nova_lite.wsgi.compute:application'], env

    def start(self):
        """Start everything; on any failure stop what was started (a test
        fixture never leaves daemons behind)."""
        try:
            os.makedirs(os.path.join(self.workdir, 'state'), exist_ok=True)
            self.manage('db', 'sync')
            self.manage('flavor', 'create-defaults')
            if self.local_images:
                self.manage('image', 'create-default')
            # The conductor first: a call sent before its queue exists is
            # dropped by RabbitMQ and times out.
            self.start_daemon('conductor')
            self.wait_for_conductor()
            if self.network:
                # Its RPC queue before the agents' first resync call.
                self.start_daemon('network')
                self.wait_for_api(endpoint=self.network_endpoint)
            for name in self._controller_names() + list(self.computes) + [
                    'agent-' + host for host in self.agents]:
                if name != 'conductor':
                    self.start_daemon(name)
            for endpoint in self.endpoints:
                self.wait_for_api(endpoint=endpoint)
            self.wait_for_services(
                ['nova-conductor', 'nova-scheduler'] * self.controllers +
                ['nova-compute'] * len(self.computes) +
                ['nova-lite-network-agent'] * len(self.agents))
        except BaseException:
            self.stop()
            raise

    def wait_for_conductor(self, timeout=60):
        """Until the conductor reports up (it heartbeats only once its RPC
        server consumes)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            self._check_alive()
            listing = self.manage('service', 'list')
            if any('nova-conductor' in line and ' up ' in line
                   for line in listing.splitlines()):
                return
            time.sleep(0.3)
        raise AssertionError('conductor did not come up')

    def wait_for_api(self, timeout=60, endpoint=None):
        deadline = time.time() + timeout
        while time.time() < deadline:
            self._check_alive()
            try:
                requests.get((endpoint or self.endpoint) + '/', timeout=2)
                return
            except (requests.ConnectionError, requests.Timeout):
                # A WSGI server builds the application on its first request.
                time.sleep(0.2)
        raise AssertionError('API %s did not come up'
                             % (endpoint or self.endpoint))

    def wait_for_services(self, binaries, timeout=60):
        deadline = time.time() + timeout
        wanted = sorted(binaries)
        while time.time() < deadline:
            self._check_alive()
            try:
                body = requests.get(self.endpoint + '/v2.1/os-services',
                                    headers=self._auth(), timeout=10).json()
            except requests.Timeout:
                # A call sent before the conductor's queue existed is lost
                # (the API waits rpc_response_timeout): ask again.
                body = None
                continue
            up = sorted(s['binary'] for s in body['services']
                        if s['state'] == 'up')
            if up == wanted:
                return body['services']
            time.sleep(0.3)
        raise AssertionError('services not up: %s' % body)

    def _check_alive(self):
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise AssertionError('%s exited with %s:\n%s' % (
                    name, proc.returncode, self.log_tail(name)))

    def log_tail(self, name, lines=40):
        path = os.path.join(self.workdir, '%s.log' % name)
        with open(path, errors='replace') as f:
            return ''.join(f.readlines()[-lines:])

    def kill(self, name, sig=signal.SIGKILL):
        proc = self.procs.pop(name)
        proc.send_signal(sig)
        proc.wait(timeout=30)

    def stop(self):
        procs = list(self.procs.values())
        self.procs.clear()
        # Their worker processes too: a daemon killed after the deadline
        # would leave them behind, retrying a vhost that is gone.
        children = [(pid, _cmdline(pid)) for proc in procs
                    for pid in descendants(proc.pid)]
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.time() + 15
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for pid, cmdline in children:
            if cmdline and _cmdline(pid) == cmdline:   # not a pid reused
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        for log in self.logs.values():
            log.close()

    def errors_in_logs(self):
        """Lines logged at ERROR or worse, per daemon (tracebacks are bugs)."""
        found = {}
        for name in self.logs:
            path = os.path.join(self.workdir, '%s.log' % name)
            with open(path, errors='replace') as f:
                bad = [line for line in f if ' ERROR ' in line or
                       ' CRITICAL ' in line]
            if bad:
                found[name] = bad[:20]
        return found
