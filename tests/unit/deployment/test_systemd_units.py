"""etc/systemd: one unit per daemon, each starting a nova_lite console
script with its config file(s), restarted on failure."""
import configparser
import glob
import importlib
import os
import shlex

import pytest

from tests.unit import deployment

UNITS = os.path.join(deployment.ROOT, 'etc', 'systemd')
DAEMONS = ('nova-lite-api', 'nova-lite-conductor', 'nova-lite-scheduler',
           'nova-lite-compute', 'nova-lite-novncproxy', 'nova-lite-network')


def _unit(name):
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str
    parser.read(os.path.join(UNITS, name + '.service'))
    return parser


def test_one_unit_per_daemon():
    names = sorted(os.path.basename(p)[:-len('.service')]
                   for p in glob.glob(os.path.join(UNITS, '*.service')))
    assert names == sorted(DAEMONS + ('nova-lite-api-uwsgi',))


def test_uwsgi_unit_serves_the_wsgi_module_instead_of_the_api_daemon():
    unit = _unit('nova-lite-api-uwsgi')
    assert unit['Unit']['Conflicts'] == 'nova-lite-api.service'
    argv = shlex.split(unit['Service']['ExecStart'])
    assert os.path.basename(argv[0]) == 'uwsgi'
    assert argv[1:] == ['--ini', '/etc/nova-lite/nova-lite-api-uwsgi.ini']
    ini = configparser.RawConfigParser(strict=False)
    ini.read(os.path.join(deployment.ROOT, 'etc', 'uwsgi',
                          'nova-lite-api-uwsgi.ini'))
    module, _, attribute = ini['uwsgi']['module'].partition(':')
    # Workers load the application after the fork (no shared RabbitMQ
    # connection), and the module names a WSGI callable.
    assert ini['uwsgi']['lazy-apps'] == 'true'
    wsgi_module = importlib.import_module(module)
    assert callable(getattr(wsgi_module, attribute))


@pytest.mark.parametrize('daemon', DAEMONS)
def test_unit_runs_the_daemon_with_its_config(daemon):
    unit = _unit(daemon)
    service = unit['Service']
    assert service['Type'] in ('simple', 'notify')
    assert service['Restart'] == 'on-failure'
    argv = shlex.split(service['ExecStart'])
    assert os.path.basename(argv[0]) == daemon
    assert daemon in deployment.console_scripts()
    configs = [argv[i + 1] for i, arg in enumerate(argv)
               if arg == '--config-file']
    assert configs[0] == '/etc/nova-lite/nova-lite.conf'
    # [database] is given to the conductor only
    expected = ['/etc/nova-lite/nova-lite.conf']
    if daemon == 'nova-lite-conductor':
        expected.append('/etc/nova-lite/nova-lite-conductor.conf')
    assert configs == expected
    assert unit['Install']['WantedBy'] == 'multi-user.target'
    assert 'network-online.target' in unit['Unit']['After']
