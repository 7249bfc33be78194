from nova_lite.virt.fake.driver import FakeDriver  # noqa: F401
