"""URLs in responses: self/bookmark links and next-page links.

The base is the request's own URL (host plus any proxy prefix) unless
``[api] compute_link_prefix`` says otherwise. Self links carry the API
version prefix (and the project id when the request URL had one);
bookmark links do not carry the version, as in Nova.
"""
import urllib.parse

ENV_BASE_URL = 'nova_lite.base_url'
ENV_VERSION_PREFIX = 'nova_lite.version_prefix'
ENV_URL_PROJECT = 'nova_lite.url_project_id'
ENV_LINK_PREFIX = 'nova_lite.link_prefix'


def _base(request):
    environ = request.environ
    base = environ.get(ENV_BASE_URL) or request.host_url
    prefix = environ.get(ENV_LINK_PREFIX)
    if prefix:
        given = urllib.parse.urlsplit(prefix)
        current = urllib.parse.urlsplit(base)
        base = urllib.parse.urlunsplit((
            given.scheme or current.scheme, given.netloc or current.netloc,
            given.path.rstrip('/') if given.path else current.path,
            '', '')).rstrip('/')
    return base.rstrip('/')


def _project_part(request):
    project = request.environ.get(ENV_URL_PROJECT)
    return '/' + project if project else ''


def version_url(request):
    version = request.environ.get(ENV_VERSION_PREFIX, 'v2.1')
    return '%s/%s%s' % (_base(request), version, _project_part(request))


def bookmark_url(request):
    return _base(request) + _project_part(request)


def self_href(request, collection, item_id):
    return '%s/%s/%s' % (version_url(request), collection, item_id)


def bookmark_href(request, collection, item_id):
    return '%s/%s/%s' % (bookmark_url(request), collection, item_id)


def resource_links(request, collection, item_id):
    return [{'rel': 'self', 'href': self_href(request, collection, item_id)},
            {'rel': 'bookmark',
             'href': bookmark_href(request, collection, item_id)}]


def next_link(request, collection_path, marker):
    """The rel=next link for a page ending with `marker`."""
    params = [(k, v) for k, v in request.GET.items() if k != 'marker']
    params.append(('marker', marker))
    return [{'rel': 'next',
             'href': '%s/%s?%s' % (version_url(request), collection_path,
                                   urllib.parse.urlencode(params))}]
