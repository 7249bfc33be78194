"""/os-volumes_boot: Nova's old alias of /servers (list, detail, create,
show, update, delete and actions answer as under /servers), removed at
2.103, where every request to it is a 404."""
import pecan
import webob.exc

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers import servers
from nova_lite.api import microversion

VERSIONS = microversion.Range(None, '2.102')


class VolumesBootController(object):

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        routing.check_versions(VERSIONS)
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        routing.check_versions(VERSIONS)
        return servers.list_servers(detail=False)

    @index.when(method='POST')
    def index_post(self, *args, **kwargs):
        routing.check_versions(VERSIONS)
        return servers.create_server()

    @pecan.expose(generic=True)
    def detail(self, *args, **kwargs):
        routing.check_versions(VERSIONS)
        base.no_route()

    @detail.when(method='GET')
    def detail_get(self, *args, **kwargs):
        routing.check_versions(VERSIONS)
        return servers.list_servers(detail=True)

    @pecan.expose()
    def _lookup(self, server_id, *remainder):
        routing.check_versions(VERSIONS)
        # Only the server itself and its actions have the alias.
        if remainder and remainder[0] != 'action':
            raise webob.exc.HTTPNotFound()
        return servers.ServerController(server_id), remainder
