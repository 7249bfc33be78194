"""The keystoneauth1 Adapter nova_lite uses to reach another OpenStack
service (Glance, Neutron) for a request, built from that service's option
group the way Nova builds it.

* ``[<group>] auth_type`` set: a session and auth plugin loaded from the
  group's options (service credentials), the endpoint from
  ``endpoint_override`` or that plugin's catalog;
* otherwise: the requesting user's token (``context.auth_token``) with
  ``keystoneauth1.token_endpoint.Token`` (plus nova_lite's service token,
  nova_lite.service_auth), the endpoint being ``endpoint_override`` or the
  ``service_type`` entry of ``context.service_catalog`` (first of
  ``valid_interfaces``, filtered by ``region_name``).
"""
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import token_endpoint

from nova_lite import service_auth

# Service sessions and auth plugins per (ConfigOpts, group): loaded once,
# the plugin caches its token.
_SERVICE_SESSIONS = {}


def catalog_endpoint(catalog, service_type='image', interfaces=None,
                     region_name=None):
    """The URL of `service_type` in a v3 (X-Service-Catalog) or v2-style
    catalog, preferring interfaces in the given order; None if absent."""
    interfaces = list(interfaces or ['internal', 'public'])
    for service in catalog or []:
        if service.get('type') != service_type:
            continue
        endpoints = service.get('endpoints') or []
        for interface in interfaces:
            for ep in endpoints:
                if region_name and region_name not in (
                        ep.get('region'), ep.get('region_id')):
                    continue
                if ep.get('interface') == interface and ep.get('url'):
                    return ep['url']
                v2_url = ep.get('%sURL' % interface)
                if v2_url:
                    return v2_url
    return None


def user_endpoint(conf, group, context):
    """endpoint_override, else the context catalog's entry; None if
    neither exists."""
    opts = conf[group]
    return opts.endpoint_override or catalog_endpoint(
        getattr(context, 'service_catalog', None), opts.service_type,
        opts.valid_interfaces, opts.region_name)


def _service_session(conf, group, cache=None):
    cache = _SERVICE_SESSIONS if cache is None else cache
    key = (id(conf), group)
    if key not in cache:
        auth = ks_loading.load_auth_from_conf_options(conf, group)
        session = ks_loading.load_session_from_conf_options(conf, group,
                                                            auth=auth)
        cache[key] = (conf, auth, session)
    return cache[key][1], cache[key][2]


def reset():
    """Forget the loaded service sessions (tests change the config)."""
    _SERVICE_SESSIONS.clear()


def load_adapter(conf, group, context, no_endpoint, cache=None,
                 service=None, **kwargs):
    """The Adapter for a call for `context` to the service of `group`.

    `no_endpoint(reason)` is the exception raised when neither
    endpoint_override nor the context's catalog names the service;
    `cache` (a dict) holds the service session (default: this module's);
    `service`: True for the group's service credentials, False for the
    user's token, None for the rule above; `kwargs` go to keystoneauth's
    load_adapter_from_conf_options."""
    global_request_id = getattr(context, 'global_request_id', None)
    if global_request_id:
        kwargs['global_request_id'] = global_request_id
    if service is None:
        service = bool(conf[group].auth_type)
    if service:
        auth, session = _service_session(conf, group, cache)
        return ks_loading.load_adapter_from_conf_options(
            conf, group, session=session, auth=auth, **kwargs)
    endpoint = user_endpoint(conf, group, context)
    if not endpoint:
        raise no_endpoint(
            'no [%s] endpoint_override and no %r endpoint in the request '
            'context service catalog' % (group, conf[group].service_type))
    token = getattr(context, 'auth_token', None)
    auth = service_auth.get_auth_plugin(
        context, user_auth=token_endpoint.Token(endpoint, token), conf=conf)
    session = ks_loading.load_session_from_conf_options(conf, group,
                                                        auth=auth)
    kwargs['endpoint_override'] = endpoint
    return ks_loading.load_adapter_from_conf_options(
        conf, group, session=session, auth=auth, **kwargs)
