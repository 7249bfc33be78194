"""The Cinder client the boot-from-volume code uses, made on first use (a
server booted from an image alone never needs Cinder, and the REST layer
makes its objects before the configuration is read)."""


class LazyVolumeAPI(object):
    """Stands for nova_lite.volume.cinder.API(), made at the first call."""

    def __init__(self, factory=None):
        self._factory = factory or _cinder_api
        self._api = None

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        if self._api is None:
            self._api = self._factory()
        return getattr(self._api, name)


def _cinder_api():
    from nova_lite.volume import cinder
    return cinder.API()
