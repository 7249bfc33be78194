"""The one routing style of sub-resources: /<parent>/{id}/<name>[/<item>].

A parent declares its sub-resources in a table of Resources, each naming
its handlers per HTTP method, for the collection (called with the
parent's id) and for one item (parent id, item):

    SUBRESOURCES = routing.SubResources({
        'os-extra_specs': routing.Resource(
            collection={'GET': list_extra_specs, 'POST': create_extra_specs},
            item={'GET': show_extra_spec, 'DELETE': delete_extra_spec}),
    })

    @pecan.expose()
    def _lookup(self, name, *remainder):
        return SUBRESOURCES.lookup(self.flavor_id, name, remainder)

A method the resource has no handler for is a 404, as Nova's router
answers a method it has no route for; `versions` hides the whole resource
(404) outside a range.
"""
import pecan
import webob.exc

from nova_lite.api import microversion


class Resource(object):
    """`actions`: {name: {method: handler}} for /<item>/<name> paths of a
    top-level resource (handlers take the item id)."""

    def __init__(self, collection=None, item=None, versions=None,
                 actions=None):
        self.collection = collection or {}
        self.item = item or {}
        self.versions = versions
        self.actions = actions or {}


def dispatch(handlers, *args):
    """Call the handler of the request's method (404 without one)."""
    handler = handlers.get(pecan.request.method)
    if handler is None:
        raise webob.exc.HTTPNotFound()
    return handler(*args)


def check_versions(versions):
    """404 when the request's version is outside `versions` (a Range)."""
    if versions is not None and microversion.current() not in versions:
        raise webob.exc.HTTPNotFound()


class _Item(object):
    def __init__(self, parent_id, item, resource):
        self.parent_id = parent_id
        self.item = item
        self.resource = resource

    @pecan.expose()
    def index(self, *args, **kwargs):
        return dispatch(self.resource.item, self.parent_id, self.item)


class _Collection(object):
    def __init__(self, parent_id, resource):
        self.parent_id = parent_id
        self.resource = resource

    @pecan.expose()
    def index(self, *args, **kwargs):
        return dispatch(self.resource.collection, self.parent_id)

    @pecan.expose()
    def _lookup(self, item, *remainder):
        if remainder and any(remainder):
            raise webob.exc.HTTPNotFound()
        return _Item(self.parent_id, item, self.resource), ()


class SubResources(object):
    """The sub-resources of one parent, by path segment."""

    def __init__(self, resources=None):
        self.resources = dict(resources or {})

    def register(self, name, resource):
        self.resources[name] = resource

    def lookup(self, parent_id, name, remainder):
        resource = self.resources.get(name)
        if resource is None:
            raise webob.exc.HTTPNotFound()
        check_versions(resource.versions)
        return _Collection(parent_id, resource), remainder


class TopLevel(object):
    """A top-level resource /<name>[/<item>[/<action>]] with the handlers
    of a Resource (collection handlers take no argument, item and action
    handlers the item id), hidden (404) outside resource.versions."""

    def __init__(self, resource):
        self.resource = resource

    @pecan.expose()
    def index(self, *args, **kwargs):
        check_versions(self.resource.versions)
        return dispatch(self.resource.collection)

    @pecan.expose()
    def _lookup(self, item, *remainder):
        check_versions(self.resource.versions)
        parts = [p for p in remainder if p]
        if not parts:
            return _TopItem(item, self.resource.item), ()
        if len(parts) == 1 and parts[0] in self.resource.actions:
            return _TopItem(item, self.resource.actions[parts[0]]), ()
        raise webob.exc.HTTPNotFound()


class _TopItem(object):
    def __init__(self, item, handlers):
        self.item = item
        self.handlers = handlers

    @pecan.expose()
    def index(self, *args, **kwargs):
        return dispatch(self.handlers, self.item)
