import pytest

from nova_lite.network.linux import executor
from tests.unit.network.linux import fake_executor


@pytest.fixture
def host():
    fake = fake_executor.FakeHost()
    previous = executor.set_runner(fake)
    yield fake
    executor.set_runner(previous)
