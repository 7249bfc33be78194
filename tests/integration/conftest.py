import pytest

from tests.integration import services


@pytest.fixture(scope='module')
def transport_url():
    with services.rabbit_vhost() as url:
        yield url
