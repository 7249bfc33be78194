"""/os-keypairs: list, create (generate) or import, show, delete.

2.2 adds the key type (x509) and answers 201/204; 2.10 lets an admin act
on another user's keys (user_id); 2.35 pages the list; 2.92 only imports.
"""
import pecan

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.schemas import keypairs as keypair_schemas
from nova_lite.api import validation
from nova_lite.api.views import keypairs as keypair_views
from nova_lite.compute import keypairs as keypair_api
from nova_lite import exception
from nova_lite.policies import keypairs as kp_policy

_API = keypair_api.KeypairAPI()
CHANGES = keypair_views.CHANGES


def _views():
    return keypair_views.ViewBuilder(pecan.request)


def check_name(name, changes):
    """Nova's character set for new keypair names (400 otherwise)."""
    if 'import_only' not in changes:
        # Before 2.92 a pattern of Nova's schema, worded by jsonschema.
        if any(c not in keypair_api.SAFE_CHARS for c in name):
            raise exception.ValidationError(
                detail="Invalid input for field/attribute name. Value: %s. "
                       "'%s' does not match %r" % (name, name,
                                                   r'^[_\- a-zA-Z0-9]+$'))
        return
    safe = keypair_api.SAFE_CHARS_292
    if any(c not in safe for c in name):
        raise exception.ValidationError(
            detail="An invalid 'name' value was provided. The name must "
                   "be: Only expected characters: [%s]" % safe)


def _user_id(ctx):
    """The user_id query parameter (2.10+), else the caller."""
    if 'other_users' in CHANGES.current() and 'user_id' in pecan.request.GET:
        return pecan.request.GET.getall('user_id')[0]
    return ctx.user_id


def _authorize(ctx, action, user_id):
    ctx.can(kp_policy.POLICY_ROOT % action,
            target={'user_id': user_id, 'project_id': ctx.project_id})


def list_keypairs():
    ctx = base.context()
    params = pecan.request.GET
    validation.validate_query(params, keypair_schemas.INDEX_QUERY.current())
    user_id = _user_id(ctx)
    _authorize(ctx, 'index', user_id)
    limit = marker = None
    if 'paging' in CHANGES.current():
        limit, marker = base.get_limit_and_marker(
            params, api_conf.get().api.max_limit)
    keypairs = list(_API.get_key_pairs(ctx, user_id, limit=limit,
                                       marker=marker))
    return base.reply(_views().index(keypairs, limit=limit))


def create_keypair():
    ctx = base.context()
    changes = CHANGES.current()
    body = base.body()
    validation.validate(body, keypair_schemas.CREATE.current())
    params = body['keypair']
    name = params['name']
    check_name(name, changes)
    key_type = params.get('type', keypair_api.KEYPAIR_TYPE_SSH)
    user_id = params.get('user_id') or ctx.user_id
    _authorize(ctx, 'create', user_id)
    if 'public_key' in params:
        keypair = _API.import_key_pair(ctx, user_id, name,
                                       params['public_key'], key_type)
        result = _views().create(keypair)
    else:
        keypair, private_key = _API.create_key_pair(ctx, user_id, name,
                                                    key_type)
        result = _views().create(keypair, private_key)
    return base.reply(result, status=201 if 'key_type' in changes else 200)


def _get(ctx, action, name):
    validation.validate_query(pecan.request.GET,
                              keypair_schemas.SHOW_QUERY.current())
    user_id = _user_id(ctx)
    _authorize(ctx, action, user_id)
    return user_id


def show_keypair(name):
    ctx = base.context()
    user_id = _get(ctx, 'show', name)
    keypair = _API.get_key_pair(ctx, user_id, name)
    return base.reply(_views().show(keypair))


def delete_keypair(name):
    ctx = base.context()
    user_id = _get(ctx, 'delete', name)
    _API.delete_key_pair(ctx, user_id, name)
    return base.reply(status=204 if 'key_type' in CHANGES.current() else 202)


class KeypairController(object):
    def __init__(self, name):
        self.name = name

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_keypair(self.name)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_keypair(self.name)


class KeypairsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_keypairs()

    @index.when(method='POST')
    def index_post(self, *args, **kwargs):
        return create_keypair()

    @pecan.expose()
    def _lookup(self, name, *remainder):
        if remainder:
            pecan.abort(404)
        return KeypairController(name), remainder
