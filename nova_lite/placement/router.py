"""Placement's URLs, the reads this service answers, and the microversion
each appeared in (below it, as in Placement, the URL is a 404).

Every URL Placement has is listed: a method this read-only service does
not serve there (PUT, POST, DELETE, and the write-only /allocations and
/reshaper) is a 405 whose Allow header names what it does serve. A URL
Placement does not have is a 404. /allocation_candidates is not served
(nova_lite's scheduler does not use Placement); it is a 404.
"""
import re

from nova_lite.placement import errors
from nova_lite.placement import handlers

_UUID = r'(?P<uuid>[^/]+)'

# (path pattern, {method: handler}, first microversion)
ROUTES = [
    (r'/resource_providers', {'GET': handlers.list_providers}, (1, 0)),
    (r'/resource_providers/%s' % _UUID, {'GET': handlers.show_provider},
     (1, 0)),
    (r'/resource_providers/%s/inventories' % _UUID,
     {'GET': handlers.list_inventories}, (1, 0)),
    (r'/resource_providers/%s/inventories/(?P<resource_class>[^/]+)' %
     _UUID, {'GET': handlers.show_inventory}, (1, 0)),
    (r'/resource_providers/%s/usages' % _UUID,
     {'GET': handlers.provider_usages}, (1, 0)),
    (r'/resource_providers/%s/allocations' % _UUID,
     {'GET': handlers.provider_allocations}, (1, 0)),
    (r'/resource_providers/%s/aggregates' % _UUID,
     {'GET': handlers.provider_aggregates}, (1, 1)),
    (r'/resource_providers/%s/traits' % _UUID,
     {'GET': handlers.provider_traits}, (1, 6)),
    (r'/allocations', {}, (1, 13)),
    (r'/allocations/(?P<consumer_uuid>[^/]+)',
     {'GET': handlers.consumer_allocations}, (1, 0)),
    (r'/usages', {'GET': handlers.total_usages}, (1, 9)),
    (r'/resource_classes', {'GET': handlers.list_resource_classes}, (1, 2)),
    (r'/resource_classes/(?P<name>[^/]+)',
     {'GET': handlers.show_resource_class}, (1, 2)),
    (r'/traits', {'GET': handlers.list_traits}, (1, 6)),
    (r'/traits/(?P<name>[^/]+)', {'GET': handlers.show_trait}, (1, 6)),
    (r'/reshaper', {}, (1, 30)),
]

_COMPILED = [(re.compile(pattern + '$'), methods, since)
             for pattern, methods, since in ROUTES]


def match(path, method, version):
    """(handler, path arguments) for a request, or raise HTTPError."""
    for pattern, methods, since in _COMPILED:
        found = pattern.match(path)
        if found is None:
            continue
        if not version.matches(since):
            break
        handler = methods.get(method)
        if handler is None:
            raise errors.method_not_allowed(', '.join(sorted(methods)))
        return handler, found.groupdict()
    raise errors.not_found(None)
