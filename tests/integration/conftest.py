import pytest

from tests import host_deps
from tests.integration import services


@pytest.fixture(scope='module')
def transport_url():
    with services.rabbit_vhost() as url:
        yield url


@pytest.fixture(scope='module', autouse=True)
def libvirt_host(request):
    """Every module marked `libvirt` needs libvirt-python and libvirtd:
    without them its tests fail (skip only with NOVA_LITE_SKIP_LIBVIRT=1).
    Module-scoped and autouse, so it runs before the modules' own
    deployments."""
    if request.node.get_closest_marker('libvirt') is not None:
        host_deps.require_libvirt()
