"""Only the conductor and nova-lite-manage may touch the database.

api, scheduler and compute (and the virt drivers and clients they use)
reach data through versioned objects over RPC. These tests fail as soon as
one of them imports the DB layer, statically or at run time.
"""
import ast
import os
import subprocess
import sys

import pytest

import nova_lite

PACKAGE_DIR = os.path.dirname(nova_lite.__file__)
NO_DB_PACKAGES = ('api', 'compute', 'scheduler', 'virt', 'image', 'objects',
                  'network', 'placement',
                  'console')


def _imports(path):
    tree = ast.parse(open(path).read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            for alias in node.names:
                yield '%s.%s' % (node.module, alias.name)


def _python_files(package):
    root = os.path.join(PACKAGE_DIR, package)
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith('.py'):
                yield os.path.join(dirpath, name)


@pytest.mark.parametrize('package', NO_DB_PACKAGES)
def test_package_does_not_import_db_layer(package):
    offenders = []
    for path in _python_files(package):
        for module in _imports(path):
            if module == 'nova_lite.db' or module.startswith('nova_lite.db.'):
                offenders.append('%s imports %s' % (
                    os.path.relpath(path, PACKAGE_DIR), module))
    assert offenders == []


_RUNTIME_CHECK = """
import sys
import nova_lite.cmd.{cmd} as entry
from nova_lite.cmd import common
conf = common.parse_args(['x'])
{build}
leaked = sorted(m for m in sys.modules
                if m == 'nova_lite.db' or m.startswith('nova_lite.db.'))
print('LEAKED', leaked)
"""

_BUILDS = {
    'api': "from nova_lite.api import wsgi; wsgi.build_app(conf)",
    'scheduler': ("from nova_lite.scheduler import manager; "
                  "common.init_rpc_and_objects(conf); "
                  "manager.SchedulerManager()"),
    'compute': ("conf.set_override('compute_driver', 'fake.FakeDriver'); "
                "from nova_lite.compute import manager; "
                "common.init_rpc_and_objects(conf); "
                "manager.ComputeManager('h')"),
}


@pytest.mark.parametrize('cmd', sorted(_BUILDS))
def test_service_runs_without_loading_db_layer(cmd, tmp_path):
    """Importing and building a service never loads nova_lite.db."""
    code = _RUNTIME_CHECK.format(cmd=cmd, build=_BUILDS[cmd])
    env = dict(os.environ, OS_NOVA_LITE_CONFIG_DIR='')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True,
                         text=True, cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert 'LEAKED []' in out.stdout, out.stdout
