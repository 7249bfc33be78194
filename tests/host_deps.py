"""What the libvirt tests need from the host, and the one way to do without.

A missing or broken libvirt-python, libvirtd or QEMU tool fails the tests
that need it: in CI it is a broken machine, not a reason to skip. A
developer machine without them sets NOVA_LITE_SKIP_LIBVIRT=1; only then
are those tests skipped (and the skip says why).
"""
import os
import shutil

import pytest

OPT_OUT = 'NOVA_LITE_SKIP_LIBVIRT'
LIBVIRTD = '/usr/sbin/libvirtd'
INSTALL_HINT = 'run tools/install-libvirt.sh'

try:
    import libvirt
except ImportError as exc:  # pragma: no cover - depends on the machine
    libvirt = None
    LIBVIRT_IMPORT_ERROR = str(exc)
else:
    LIBVIRT_IMPORT_ERROR = None


def opted_out():
    return os.environ.get(OPT_OUT, '').strip().lower() in ('1', 'true',
                                                           'yes')


def unavailable(reason):
    """Fail with `reason`, or skip when the machine opted out."""
    if opted_out():
        pytest.skip('%s (%s is set)' % (reason, OPT_OUT))
    pytest.fail('%s; %s, or set %s=1 on a machine without libvirt' % (
        reason, INSTALL_HINT, OPT_OUT), pytrace=False)


def libvirt_problem():
    """Why real guests cannot run here, or None."""
    if libvirt is None:
        return 'libvirt-python cannot be imported (%s)' % (
            LIBVIRT_IMPORT_ERROR)
    if not os.path.exists(LIBVIRTD):
        return '%s is absent' % LIBVIRTD
    return None


def require_libvirt():
    """The real libvirt module, after checking libvirtd is installed."""
    problem = libvirt_problem()
    if problem:
        unavailable(problem)
    return libvirt


def require_tools(*names):
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        unavailable('%s not installed' % ', '.join(missing))
