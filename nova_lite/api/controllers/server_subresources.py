"""Routing of /servers/{server_id}/<name>[/<item>] to small handler
modules: each registers a Resource naming its handlers per HTTP method,
for the collection and for one item.

    metadata, tags (2.26), ips, os-instance-actions, os-server-password,
    diagnostics, os-interface, migrations (2.23)
"""
import pecan
import webob.exc

from nova_lite.api.controllers import base


class Resource(object):
    """Handlers by HTTP method: collection ones take (server_id), item
    ones (server_id, item). min_version hides the resource below it."""

    def __init__(self, collection=None, item=None, min_version=None):
        self.collection = collection or {}
        self.item = item or {}
        self.min_version = min_version


_RESOURCES = {}


def register(name, resource):
    _RESOURCES[name] = resource


def _dispatch(handlers, *args):
    handler = handlers.get(pecan.request.method)
    if handler is None:
        if not handlers:
            raise webob.exc.HTTPNotFound()
        raise webob.exc.HTTPMethodNotAllowed(
            headers={'Allow': ', '.join(sorted(handlers))})
    return handler(*args)


class _ItemController(object):
    def __init__(self, server_id, item, resource):
        self.server_id = server_id
        self.item = item
        self.resource = resource

    @pecan.expose()
    def index(self, *args, **kwargs):
        return _dispatch(self.resource.item, self.server_id, self.item)


class _CollectionController(object):
    def __init__(self, server_id, resource):
        self.server_id = server_id
        self.resource = resource

    @pecan.expose()
    def index(self, *args, **kwargs):
        return _dispatch(self.resource.collection, self.server_id)

    @pecan.expose()
    def _lookup(self, item, *remainder):
        if remainder and any(remainder):
            raise webob.exc.HTTPNotFound()
        return _ItemController(self.server_id, item, self.resource), ()


def lookup(server_id, name, remainder):
    _load()
    resource = _RESOURCES.get(name)
    if resource is None or (resource.min_version and
                            not base.at_least(resource.min_version)):
        raise webob.exc.HTTPNotFound()
    return _CollectionController(server_id, resource), remainder


_LOADED = False


def _load():
    """Import the handler modules (they register themselves)."""
    global _LOADED
    if _LOADED:
        return
    from nova_lite.api.controllers import instance_actions  # noqa: F401
    from nova_lite.api.controllers import server_diagnostics  # noqa: F401
    from nova_lite.api.controllers import server_interfaces  # noqa: F401
    from nova_lite.api.controllers import server_ips  # noqa: F401
    from nova_lite.api.controllers import server_migrations  # noqa: F401
    from nova_lite.api.controllers import server_metadata  # noqa: F401
    from nova_lite.api.controllers import server_password  # noqa: F401
    from nova_lite.api.controllers import server_tags  # noqa: F401
    _LOADED = True
