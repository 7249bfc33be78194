"""/os-services: list compute services (admin)."""
import pecan

from nova_lite.api.controllers import base
from nova_lite.api import validation
from nova_lite.api.views import services as service_views
from nova_lite import objects
from nova_lite.policies import services as service_policy


def list_services():
    ctx = base.context()
    ctx.can(service_policy.BASE_POLICY_NAME % 'list', target={})
    params = pecan.request.GET
    validation.validate_query(params, {'host', 'binary'},
                              base.at_least('2.75'))
    services = list(objects.ServiceList.get_all(ctx))
    host = params.get('host')
    binary = params.get('binary')
    if host:
        services = [s for s in services if s.host == host]
    if binary:
        services = [s for s in services if s.binary == binary]
    return base.reply({'services': [
        service_views.show(pecan.request, s) for s in services]})


class ServicesController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.not_allowed()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_services()
