"""etc/systemd: one unit per daemon, each starting a nova_lite console
script with its config file(s), restarted on failure."""
import configparser
import glob
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
    assert names == sorted(DAEMONS)


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
