"""/extensions and /extensions/{alias}: the deprecated extension list
Nova still serves from 2.1 on (a fixed table, see views.extensions)."""
import pecan
import webob.exc

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import router
from nova_lite.api.views import extensions as extension_views
from nova_lite.policies import extensions as policy


def _legacy_v2():
    return bool(pecan.request.environ.get(router.ENV_LEGACY_V2))


def list_extensions():
    base.context().can(policy.BASE_POLICY_NAME, target={})
    return base.reply({'extensions': extension_views.extensions(
        _legacy_v2())})


def show_extension(alias):
    base.context().can(policy.BASE_POLICY_NAME, target={})
    entry = extension_views.find(alias, _legacy_v2())
    if entry is None:
        raise webob.exc.HTTPNotFound()
    return base.reply({'extension': entry})


EXTENSIONS = routing.TopLevel(routing.Resource(
    collection={'GET': list_extensions}, item={'GET': show_extension}))
