"""devstack/plugin.sh run through stack.sh's phases with the DevStack
functions it calls standing in (shim.sh): the config files it writes hold
only options nova_lite (or keystonemiddleware) knows, [database] reaches
the conductor's file only, the daemons it starts are nova_lite's console
scripts with the right files, and DevStack's own Nova stays disabled."""
import configparser
import os
import subprocess
import sys

import pytest

from tests.unit import deployment

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = deployment.ROOT
SHIM = os.path.join(HERE, 'shim.sh')
SERVICES = ('n-lite-api', 'n-lite-cond', 'n-lite-sch', 'n-lite-cpu',
            'n-lite-novnc')
SCRIPT = r'''
declare -A GITDIR
source "$SHIM"
source "$ROOT/devstack/settings"
for phase in "stack install" "stack post-config" "stack extra" \
        "stack test-config"; do
    source "$ROOT/devstack/plugin.sh" $phase
done
echo "ENABLED_SERVICES=$ENABLED_SERVICES"
if is_service_enabled nova; then
    echo "nova: enabled"
else
    echo "nova: disabled"
fi
if [[ -n $AND_UNSTACK ]]; then
    source "$ROOT/devstack/plugin.sh" unstack
    source "$ROOT/devstack/plugin.sh" clean
fi
'''


def _known_options():
    """(group, option) pairs of every namespace the config sample is
    generated from (etc/nova-lite-config-generator.conf), plus the
    password plugin options keystonemiddleware loads at run time."""
    from importlib import metadata

    from keystoneauth1 import loading as ks_loading
    with open(os.path.join(ROOT, 'etc',
                           'nova-lite-config-generator.conf')) as f:
        namespaces = [line.split('=', 1)[1].strip() for line in f
                      if line.startswith('namespace')]
    entry_points = {ep.name: ep for ep in
                    metadata.entry_points(group='oslo.config.opts')}
    known = set()

    def add(group, opts):
        name = getattr(group, 'name', group) or 'DEFAULT'
        for opt in opts:
            known.add((name, opt.dest))
            for deprecated in opt.deprecated_opts:
                known.add((deprecated.group or name, deprecated.name))
    for namespace in namespaces:
        for group, opts in entry_points[namespace].load()():
            add(group, opts)
    add('keystone_authtoken', ks_loading.get_auth_plugin_conf_options(
        'password'))
    return known


@pytest.fixture(scope='module')
def run(tmp_path_factory):
    def _run(and_unstack=False):
        tmp = tmp_path_factory.mktemp('devstack')
        # The plugin polls the API it started with curl: answer at once,
        # no traffic.
        bindir = tmp / 'bin'
        bindir.mkdir()
        (bindir / 'curl').write_text('#!/bin/sh\nexit 0\n')
        (bindir / 'curl').chmod(0o755)
        env = {
            'PATH': '%s:%s' % (bindir, os.environ['PATH']),
            'HOME': str(tmp),
            'PYTHON': sys.executable, 'SHIM': SHIM, 'ROOT': ROOT,
            'CALLS': str(tmp / 'calls'), 'INISETS': str(tmp / 'inisets'),
            'FAKE_BIN_DIR': '/usr/local/bin',
            'TOP_DIR': str(tmp / 'devstack'), 'DEST': str(tmp / 'opt'),
            'DATA_DIR': str(tmp / 'data'),
            'NOVA_LITE_CONF_DIR': str(tmp / 'etc'),
            'STACK_USER': subprocess.check_output(['id', '-un'],
                                                  text=True).strip(),
            'ENABLED_SERVICES': 'key,g-api,mysql,rabbit,tempest',
            'DATABASE_BACKENDS': 'mysql postgresql',
            'DATABASE_PASSWORD': 'dbsecret', 'SERVICE_PASSWORD': 'secret',
            'SERVICE_HOST': '127.0.0.1', 'HOST_IP': '127.0.0.1',
            'SERVICE_PROTOCOL': 'http', 'SERVICE_LISTEN_ADDRESS': '0.0.0.0',
            'KEYSTONE_SERVICE_URI': 'http://127.0.0.1/identity',
            'SERVICE_DOMAIN_NAME': 'Default',
            'SERVICE_PROJECT_NAME': 'service', 'REGION_NAME': 'RegionOne',
            'RABBIT_USERID': 'stackrabbit', 'RABBIT_PASSWORD': 'rabbitpw',
            'RABBIT_HOST': '127.0.0.1', 'GLANCE_SERVICE_PROTOCOL': 'http',
            'GLANCE_HOSTPORT': '127.0.0.1:9292',
            'ENABLE_DEBUG_LOG_LEVEL': 'True', 'LIBVIRT_TYPE': 'kvm',
            'SSL_BUNDLE_FILE': '/opt/stack/data/ca-bundle.pem',
            'TEMPEST_CONFIG': str(tmp / 'tempest.conf'),
            'AND_UNSTACK': '1' if and_unstack else '',
        }
        out = subprocess.run(['bash', '-c', SCRIPT], env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr
        calls = []
        if os.path.exists(env['CALLS']):
            with open(env['CALLS']) as f:
                calls = [line.rstrip('\n').rstrip('\t').split('\t')
                         for line in f if line.strip()]
        with open(env['INISETS']) as f:
            inisets = [line.rstrip('\n').split('\t', 2) for line in f]
        return tmp, out.stdout, calls, inisets
    return _run


@pytest.fixture(scope='module')
def stacked(run):
    return run()


def _ini(path):
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_every_option_the_plugin_sets_is_a_known_option(stacked):
    known = _known_options()
    _tmp, _out, _calls, inisets = stacked
    assert inisets
    unknown = [(os.path.basename(path), group, option)
               for path, group, option in inisets
               if not path.endswith('tempest.conf') and
               (group, option) not in known]
    assert not unknown


def test_database_only_in_the_conductor_file(stacked):
    tmp = stacked[0]
    common = _ini(tmp / 'etc' / 'nova-lite.conf')
    conductor = _ini(tmp / 'etc' / 'nova-lite-conductor.conf')
    assert not common.has_section('database')
    assert conductor.get('database', 'connection') == (
        'mysql+pymysql://root:dbsecret@127.0.0.1/nova_lite?charset=utf8')
    assert common.get('DEFAULT', 'transport_url') == (
        'rabbit://stackrabbit:rabbitpw@127.0.0.1:5672/')


def test_keystone_glance_and_service_user_settings(stacked):
    common = _ini(stacked[0] / 'etc' / 'nova-lite.conf')
    assert common.get('api', 'auth_strategy') == 'keystone'
    assert common.get('keystone_authtoken', 'username') == 'nova'
    assert common.get('keystone_authtoken',
                      'service_token_roles_required') == 'True'
    assert common.get('service_user', 'send_service_user_token') == 'True'
    assert common.get('service_user', 'username') == 'nova'
    assert common.get('service_user', 'auth_type') == 'password'
    assert common.get('glance', 'endpoint_override') == (
        'http://127.0.0.1:9292')
    assert common.get('glance', 'image_backend') == 'glance'
    # no /dev/kvm here would mean qemu; kvm stays only where it exists
    assert common.get('libvirt', 'virt_type') == (
        'kvm' if os.path.exists('/dev/kvm') else 'qemu')


def test_daemons_started_are_nova_lite_console_scripts(stacked):
    tmp, _out, calls, _inisets = stacked
    scripts = deployment.console_scripts()
    started = {c[1]: c[2] for c in calls if c[0] == 'run_process'}
    assert sorted(started) == sorted(SERVICES)
    conf = str(tmp / 'etc' / 'nova-lite.conf')
    for service, command in started.items():
        argv = command.split()
        assert os.path.dirname(argv[0]) == '/usr/local/bin'
        assert os.path.basename(argv[0]) in scripts, argv
        assert argv[1:3] == ['--config-file', conf]
        has_db = str(tmp / 'etc' / 'nova-lite-conductor.conf') in argv
        assert has_db == (service == 'n-lite-cond'), argv


def test_keystone_and_database_bootstrap(stacked):
    calls = stacked[2]
    names = [c[0] for c in calls]
    assert ['create_service_user', 'nova', 'admin'] in calls
    assert ['get_or_create_service', 'nova', 'compute',
            'Compute Service (nova_lite)'] in calls
    endpoint = [c for c in calls if c[0] == 'get_or_create_endpoint'][0]
    assert endpoint[1:] == ['compute', 'RegionOne',
                            'http://127.0.0.1:8774/v2.1']
    assert ['recreate_database', 'nova_lite'] in calls
    assert 'setup_develop' in names and 'install_libvirt' in names
    # create_service_user before the endpoint; install before run_process
    assert names.index('setup_develop') < names.index('run_process')


def test_devstack_nova_stays_disabled(stacked):
    out = stacked[1]
    assert 'nova: disabled' in out
    enabled = [line for line in out.splitlines()
               if line.startswith('ENABLED_SERVICES=')][-1]
    for service in SERVICES:
        assert service in enabled.split('=', 1)[1].split(',')


def test_tempest_told_compute_is_there(stacked):
    tempest = _ini(stacked[0] / 'tempest.conf')
    assert tempest.get('service_available', 'nova') == 'True'


def test_unstack_stops_every_daemon_and_clean_removes_config(run):
    tmp, _out, calls, _inisets = run(and_unstack=True)
    stopped = [c[1] for c in calls if c[0] == 'stop_process']
    assert sorted(stopped) == sorted(SERVICES)
    assert not (tmp / 'etc').exists()
