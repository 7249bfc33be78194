"""A Neutron v2.0 REST client on keystoneauth1 (the same Adapter rules as
the Glance client: nova_lite.service_adapter), for the calls Nova makes.

Neutron's errors ({"NeutronError": {"type", "message", "detail"}}) become
Nova's exceptions as Nova maps them (PortNotFound, NetworkNotFound,
PortInUse, FixedIpAlreadyInUse, NoMoreFixedIps, PortLimitExceeded ...);
connection failures and 5xx answers become NetworkServiceUnavailable.

`ClientWrapper(conf, adapter=None)`: `adapter` (tests) replaces the one
built from [neutron]. As Nova's neutron client, a call goes with the
requesting user's token; an `admin` call (the port binding fields, which
Neutron's policy leaves to admins) and a call without a user's token go
with the [neutron] service credentials when auth_type is set (without
them, with the user's token: a noauth deployment).
"""
from keystoneauth1 import exceptions as ks_exc
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import exception
from nova_lite import service_adapter

LOG = logging.getLogger(__name__)
GROUP = 'neutron'
RETRIABLE_STATUS = (502, 503, 504)

# Neutron error type -> (Nova exception, the kwarg it takes from the call)
_BY_TYPE = {
    'PortNotFound': exception.PortNotFound,
    'NetworkNotFound': exception.NetworkNotFound,
    'PortInUse': exception.PortInUse,
    'IpAddressInUse': exception.FixedIpAlreadyInUse,
    'IpAddressAlreadyAllocated': exception.FixedIpAlreadyInUse,
    'IpAddressGenerationFailure': exception.NoMoreFixedIps,
    'SecurityGroupNotFound': exception.SecurityGroupNotFound,
    'SecurityGroupRuleNotFound': exception.SecurityGroupRuleNotFound,
}


def is_configured(conf=None, context=None):
    """Whether a network service is there to use: [neutron]
    endpoint_override or auth_type set, or a "network" entry in the
    request's service catalog. Without one nova_lite keeps its behaviour
    without networking (servers get no ports, addresses stay empty)."""
    conf = cfg.CONF if conf is None else conf
    opts = conf[GROUP]
    if opts.endpoint_override or opts.auth_type:
        return True
    return service_adapter.catalog_endpoint(
        getattr(context, 'service_catalog', None), opts.service_type,
        opts.valid_interfaces, opts.region_name) is not None


class NeutronFailure(Exception):
    """An error answer not mapped to a Nova exception by the caller's
    context (kept with status, type and message)."""

    def __init__(self, status, type_, message):
        super().__init__('%s %s: %s' % (status, type_, message))
        self.status = status
        self.type = type_
        self.message = message


class ClientWrapper(object):
    def __init__(self, conf=None, adapter=None):
        self._conf = cfg.CONF if conf is None else conf
        self._adapter = adapter
        self._sessions = {}

    # -- transport ---------------------------------------------------------

    def _client(self, context, admin=False):
        service = bool(self._conf[GROUP].auth_type) and (
            admin or not getattr(context, 'auth_token', None))
        adapter = self._adapter or service_adapter.load_adapter(
            self._conf, GROUP, context,
            lambda reason: exception.NetworkServiceUnavailable(
                reason=reason),
            cache=self._sessions, service=service)
        try:
            endpoint = adapter.get_endpoint()
        except ks_exc.ClientException as e:
            raise exception.NetworkServiceUnavailable(reason=str(e))
        if not endpoint:
            raise exception.NetworkServiceUnavailable(
                reason='no network endpoint found')
        endpoint = endpoint.rstrip('/')
        if endpoint.endswith('/v2.0'):
            endpoint = endpoint[:-len('/v2.0')]
        return adapter, endpoint + '/v2.0'

    def request(self, context, method, path, params=None, body=None,
                ok=(200,), admin=False):
        """One call; returns the decoded JSON body (None when empty)."""
        adapter, base = self._client(context, admin)
        kwargs = {'raise_exc': False,
                  'headers': {'Accept': 'application/json'}}
        if params:
            kwargs['params'] = params
        if body is not None:
            kwargs['json'] = body
        try:
            resp = adapter.request(base + path, method, **kwargs)
        except (ks_exc.ConnectFailure, ks_exc.ConnectionError,
                ks_exc.RetriableConnectionFailure) as e:
            raise exception.NetworkServiceUnavailable(reason=str(e))
        if resp.status_code in ok:
            if resp.status_code == 204 or not resp.content:
                return None
            return resp.json()
        raise self._failure(resp)

    @staticmethod
    def _failure(resp):
        status = resp.status_code
        type_, message = None, (getattr(resp, 'text', '') or '')[:500]
        try:
            error = resp.json().get('NeutronError')
        except (ValueError, AttributeError):
            error = None
        if isinstance(error, dict):
            type_, message = error.get('type'), error.get('message')
        elif isinstance(error, str):
            message = error
        if status in RETRIABLE_STATUS or status >= 500:
            return exception.NetworkServiceUnavailable(
                reason='HTTP %s: %s' % (status, message))
        return NeutronFailure(status, type_, message)


def translate(failure, **ids):
    """A NeutronFailure as Nova's exception (`ids`: port_id, network_id,
    address, net, security_group_id, instance_uuid ... for the message)."""
    cls = _BY_TYPE.get(failure.type)
    if failure.type == 'OverQuota' or failure.status == 409 and \
            'quota' in (failure.message or '').lower():
        if 'port' in (failure.message or '').lower():
            return exception.PortLimitExceeded()
        return exception.OverQuota(overs=failure.message)
    if cls is not None:
        try:
            return cls(**ids)
        except Exception:
            return cls(failure.message)
    if failure.status == 404:
        return exception.NotFound(failure.message)
    if failure.status == 400:
        return exception.Invalid(failure.message)
    if failure.status == 409:
        return exception.Conflict(failure.message)
    if failure.status in (401, 403):
        return exception.NotAuthorized(failure.message)
    return exception.NeutronError(status=failure.status, type=failure.type,
                                  message=failure.message)


def _params(filters):
    """Query parameters from filters: a list value repeats the parameter
    (`id=a&id=b`, `fields=x&fields=y`)."""
    params = []
    for key, value in (filters or {}).items():
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, bool):
                v = 'True' if v else 'False'
            params.append((key, v))
    return params


class NeutronClient(ClientWrapper):
    """The resources and calls Nova's compute and API use."""

    def _call(self, context, method, path, params=None, body=None,
              ok=(200,), admin=False, **ids):
        try:
            return self.request(context, method, path, params=params,
                                body=body, ok=ok, admin=admin)
        except NeutronFailure as failure:
            raise translate(failure, **ids)

    def _list(self, context, collection, filters=None, path=None):
        return self._call(context, 'GET', path or '/' + collection,
                          params=_params(filters))[collection]

    # networks
    def list_networks(self, context, **filters):
        return self._list(context, 'networks', filters)

    def show_network(self, context, network_id, fields=None):
        return self._call(context, 'GET', '/networks/%s' % network_id,
                          params=_params({'fields': fields}),
                          network_id=network_id)['network']

    # subnets
    def list_subnets(self, context, **filters):
        return self._list(context, 'subnets', filters)

    # ports
    def list_ports(self, context, **filters):
        return self._list(context, 'ports', filters)

    def show_port(self, context, port_id):
        return self._call(context, 'GET', '/ports/%s' % port_id,
                          port_id=port_id)['port']

    def create_port(self, context, port, **ids):
        return self._call(context, 'POST', '/ports', body={'port': port},
                          ok=(201, 200), **ids)['port']

    def update_port(self, context, port_id, port, admin=False):
        """`admin`: the body sets binding fields (as Nova, with its
        admin client)."""
        return self._call(context, 'PUT', '/ports/%s' % port_id,
                          body={'port': port}, admin=admin,
                          port_id=port_id)['port']

    def delete_port(self, context, port_id):
        self._call(context, 'DELETE', '/ports/%s' % port_id, ok=(204, 200),
                   port_id=port_id)

    # quotas, extensions, floating IPs
    def show_quota(self, context, project_id):
        return self._call(context, 'GET', '/quotas/%s' % project_id)['quota']

    def list_extensions(self, context):
        return self._list(context, 'extensions')

    def list_floatingips(self, context, **filters):
        return self._list(context, 'floatingips', filters)

    # security groups
    def list_security_groups(self, context, **filters):
        return self._list(context, 'security_groups', filters,
                          path='/security-groups')

    def show_security_group(self, context, group_id):
        return self._call(context, 'GET', '/security-groups/%s' % group_id,
                          security_group_id=group_id)['security_group']

    def create_security_group(self, context, group):
        return self._call(context, 'POST', '/security-groups',
                          body={'security_group': group},
                          ok=(201, 200))['security_group']

    def update_security_group(self, context, group_id, group):
        return self._call(context, 'PUT', '/security-groups/%s' % group_id,
                          body={'security_group': group},
                          security_group_id=group_id)['security_group']

    def delete_security_group(self, context, group_id):
        self._call(context, 'DELETE', '/security-groups/%s' % group_id,
                   ok=(204, 200), security_group_id=group_id)

    def create_security_group_rule(self, context, rule):
        return self._call(context, 'POST', '/security-group-rules',
                          body={'security_group_rule': rule},
                          ok=(201, 200))['security_group_rule']

    def show_security_group_rule(self, context, rule_id):
        return self._call(context, 'GET',
                          '/security-group-rules/%s' % rule_id,
                          rule_id=rule_id)['security_group_rule']

    def delete_security_group_rule(self, context, rule_id):
        self._call(context, 'DELETE', '/security-group-rules/%s' % rule_id,
                   ok=(204, 200), rule_id=rule_id)


def get_client(conf=None):
    return NeutronClient(conf)
