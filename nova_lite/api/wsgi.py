"""The nova-lite-api WSGI application and its HTTP server.

    app = build_app(conf)                 # the full pipeline
    server = make_server(conf)            # listens on osapi_compute_listen:
    server.serve_forever()                #   osapi_compute_listen_port
    server.shutdown()

The server is cheroot's (http_server); nova_lite.wsgi.compute is the module
for uWSGI, gunicorn or mod_wsgi. Pipeline (outermost first): request id ->
request log -> fault wrapper -> router (version documents without auth;
compute API and image endpoint behind auth).
"""
from nova_lite.api import app as pecan_apps
from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base as controller_base
from nova_lite.api import http_server
from nova_lite.api.middleware import fault_wrapper
from nova_lite.api.middleware import request_id
from nova_lite.api.middleware import request_log
from nova_lite.api import router
from nova_lite.image import api as image_api
from nova_lite import objects
from nova_lite import policy

def build_app(conf):
    """Return the Compute API WSGI application configured from `conf`.

    ``[api] auth_strategy`` selects noauth2 or keystone (keystonemiddleware
    auth_token configured from ``[keystone_authtoken]``).
    """
    objects.register_all()
    api_conf.set_conf(conf)
    policy.reset()
    policy.init(conf)
    controller_base.set_image_api(image_api.API(conf))
    inner = router.Router(conf, pecan_apps.compute_app(),
                          pecan_apps.image_app())
    app = fault_wrapper.FaultWrapper(inner)
    app = request_log.RequestLog(app)
    app = request_id.RequestIdMiddleware(app)
    # the Placement view, its own pipeline, beside it under /placement
    from nova_lite.placement import wsgi as placement_wsgi
    return placement_wsgi.mount(app, conf)


def make_server(conf, host=None, port=None, app=None, sock=None):
    """A bound, ready-to-serve HTTP server for the API (cheroot, see
    http_server): ``serve_forever()`` blocks, ``shutdown()`` from another
    thread; ``server_address`` gives the bound (host, port); port=0 for an
    ephemeral port, or sock, a socket a parent bound for its workers.
    """
    if sock is None:
        host = host if host is not None else conf.osapi_compute_listen
        port = port if port is not None else conf.osapi_compute_listen_port
    return http_server.HTTPServer(app if app is not None else build_app(conf),
                                  (host, port), sock=sock, conf=conf)
