"""Whether libvirt's QEMU user can reach instances_path, decided from the
directories' owners and modes (the compute service refuses to start with
a path it cannot reach)."""
import os
import pathlib
import shutil
import tempfile

import pytest

from nova_lite.virt.libvirt import access

NOBODY = 'nobody'


@pytest.fixture
def tree():
    # Not under pytest's tmp_path: its base directory is 0700.
    tmp_path = pathlib.Path(tempfile.mkdtemp(prefix='nova-lite-access-'))
    os.chmod(tmp_path, 0o755)
    yield from _tree(tmp_path)
    shutil.rmtree(tmp_path)


def _tree(tmp_path):
    closed = tmp_path / 'home'
    closed.mkdir(mode=0o700)
    opened = tmp_path / 'srv'
    opened.mkdir(mode=0o755)
    yield tmp_path, closed, opened


def test_a_0700_directory_on_the_way_blocks(tree):
    _root, closed, _opened = tree
    assert access.blocking_directory(str(closed / 'x' / 'instances'),
                                     NOBODY) == str(closed)


def test_an_open_path_and_missing_parts_pass(tree):
    _root, _closed, opened = tree
    assert access.blocking_directory(str(opened / 'not' / 'yet'),
                                     NOBODY) is None


def test_the_problem_names_user_directory_and_a_fix(tree, monkeypatch):
    _root, closed, _opened = tree
    monkeypatch.setattr(access, 'qemu_user', lambda: NOBODY)
    problem = access.instances_path_problem(str(closed / 'i'),
                                            'qemu:///system')
    assert 'nobody' in problem and str(closed) in problem
    assert '/var/lib/nova-lite/instances' in problem
    # A session connection runs QEMU as this user.
    assert access.instances_path_problem(str(closed / 'i'),
                                         'qemu:///session') is None


def test_qemu_user_from_qemu_conf(tmp_path):
    conf = tmp_path / 'qemu.conf'
    conf.write_text('#user = "libvirt-qemu"\nuser = "qemu-runner"\n')
    assert access.qemu_user(str(conf)) == 'qemu-runner'
