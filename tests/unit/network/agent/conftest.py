from tests.unit.network.linux.conftest import host  # noqa: F401
