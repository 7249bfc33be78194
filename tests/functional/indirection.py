"""Object indirection inside one process, as between separate daemons.

nova-lite-conductor has no indirection API (its object methods reach the
database); every other daemon sends them to it over RPC. In one process
the objects' `indirection_api` is shared by all, so it must tell the
conductor's RPC threads apart: OutsideTheConductor is the conductor RPC
API everywhere except while ConductorEndpoint serves a call, where it is
false and oslo.versionedobjects runs the method locally.
"""
import collections
import functools
import threading

_serving = threading.local()


def in_conductor():
    return getattr(_serving, 'depth', 0) > 0


class OutsideTheConductor(object):
    """An indirection API: the conductor RPC API, false inside the
    conductor (`if cls.indirection_api:` is how remotable methods ask)."""

    def __init__(self, conductor_api):
        self._api = conductor_api

    def __bool__(self):
        return not in_conductor()

    def __getattr__(self, name):
        return getattr(self._api, name)


class ConductorEndpoint(object):
    """The conductor manager as its RPC server (and Service) sees it:
    every call runs as inside the conductor. `calls` counts its methods by
    name, `object_calls` the object methods it ran for others
    ('Instance.save', ...)."""

    def __init__(self, manager):
        self._manager = manager
        self.target = manager.target
        self.calls = collections.Counter()
        self.object_calls = collections.Counter()

    def _count(self, name, kwargs):
        self.calls[name] += 1
        if name == 'object_action':
            self.object_calls['%s.%s' % (kwargs['objinst'].obj_name(),
                                         kwargs['objmethod'])] += 1
        elif name == 'object_class_action_versions':
            self.object_calls['%s.%s' % (kwargs['objname'],
                                         kwargs['objmethod'])] += 1

    def __getattr__(self, name):
        attr = getattr(self._manager, name)
        if name.startswith('_') or not callable(attr):
            return attr

        @functools.wraps(attr)
        def serve(*args, **kwargs):
            self._count(name, kwargs)
            _serving.depth = getattr(_serving, 'depth', 0) + 1
            try:
                return attr(*args, **kwargs)
            finally:
                _serving.depth -= 1
        return serve
