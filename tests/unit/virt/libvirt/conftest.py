"""Every libvirt driver unit test runs against fakelibvirt, whether or not
libvirt-python is installed. The tools the driver runs (qemu-img, mkswap)
are required: without them those tests fail (NOVA_LITE_SKIP_LIBVIRT=1 skips
them instead)."""
import importlib
import pkgutil
import sys

import pytest

import nova_lite.virt.libvirt
from tests import host_deps
from tests.unit.virt.libvirt import fakelibvirt


def _modules_importing_libvirt():
    """The driver's modules that did `import libvirt` (None when it is not
    installed)."""
    found = []
    for info in pkgutil.iter_modules(nova_lite.virt.libvirt.__path__):
        module = importlib.import_module('nova_lite.virt.libvirt.' +
                                         info.name)
        value = getattr(module, 'libvirt', False)
        if value is None or getattr(value, '__name__', None) == 'libvirt':
            found.append(module)
    return found


MODULES_IMPORTING_LIBVIRT = _modules_importing_libvirt()


@pytest.fixture(autouse=True)
def fake_libvirt_module(monkeypatch):
    fakelibvirt.reset()
    monkeypatch.setitem(sys.modules, 'libvirt', fakelibvirt)
    for module in MODULES_IMPORTING_LIBVIRT:
        monkeypatch.setattr(module, 'libvirt', fakelibvirt)
    yield fakelibvirt
    fakelibvirt.reset()


@pytest.fixture
def qemu_img():
    host_deps.require_tools('qemu-img')


@pytest.fixture
def qemu_img_and_mkswap():
    host_deps.require_tools('qemu-img', 'mkswap')


@pytest.fixture(autouse=True)
def no_qemu_user(request, monkeypatch):
    """fakelibvirt runs no QEMU, so no QEMU user needs to reach
    instances_path (pytest's tmp directories are 0700)."""
    if request.module.__name__.endswith('test_access'):
        return
    from nova_lite.virt.libvirt import access
    monkeypatch.setattr(access, 'qemu_user', lambda: None)
