"""URL dispatch of the v2.0 API to one controller per collection; each
controller answers index/show/create/update/delete with a JSON body."""
import json

import webob

from nova_lite.api.middleware import auth
from nova_lite.network import exceptions as exc
from nova_lite.network.server import extensions as ext_mod
from nova_lite.network.server import resources


def _json(body, status=200):
    resp = webob.Response(status=status, charset='UTF-8')
    if body is None:
        resp.content_type = None
        resp.body = b''
    else:
        resp.content_type = 'application/json'
        resp.text = json.dumps(body)
    return resp


def _body(req):
    if not req.body:
        raise exc.BadRequest(resource='body', msg='Resource body required')
    try:
        body = json.loads(req.body)
    except ValueError:
        raise exc.BadRequest(resource='body',
                             msg='Malformed request body')
    if not isinstance(body, dict):
        raise exc.BadRequest(resource='body', msg='Malformed request body')
    return body


class Router(object):
    def __init__(self, plugin, extensions):
        self.controllers = {getattr(c, 'path', c.collection): c
                            for c in resources.controllers(plugin)}

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        context = environ[auth.ENV_CONTEXT]
        return self.dispatch(req, context)(environ, start_response)

    def dispatch(self, req, context):
        parts = [p for p in req.path_info.split('/') if p]
        if not parts or parts[0] != 'v2.0':
            raise exc.NotFound()
        parts = parts[1:]
        if parts and parts[-1].endswith('.json'):
            parts[-1] = parts[-1][:-len('.json')]
        method = req.method
        if not parts:
            return _json({'resources': [
                {'name': c.member, 'collection': name, 'links': [{
                    'href': req.host_url + req.script_name + '/v2.0/' + name,
                    'rel': 'self'}]}
                for name, c in sorted(self.controllers.items())]})
        if parts[0] == 'extensions':
            if len(parts) == 1:
                return _json({'extensions': ext_mod.as_list()})
            found = ext_mod.by_alias(parts[1])
            if found is None or len(parts) > 2:
                raise exc.NotFound()
            return _json({'extension': found})
        controller = self.controllers.get(parts[0])
        if controller is None or len(parts) > 3:
            raise exc.NotFound()
        if len(parts) == 3:
            if not hasattr(controller, 'action') or method != 'GET':
                raise exc.NotFound()
            return _json(controller.action(context, parts[1], parts[2]))
        if len(parts) == 1:
            if method in ('GET', 'HEAD'):
                return _json(controller.index(context, req.GET,
                                              url=req.path_url))
            if method == 'POST':
                return _json(controller.create(context, _body(req)), 201)
        else:
            if method in ('GET', 'HEAD'):
                return _json(controller.show(context, parts[1], req.GET))
            if method == 'PUT':
                return _json(controller.update(context, parts[1],
                                               _body(req)))
            if method == 'DELETE':
                controller.delete(context, parts[1])
                return _json(None, 204)
        resp = _json({'NeutronError': {
            'type': 'HTTPMethodNotAllowed', 'detail': '',
            'message': 'The method %s is not allowed for this resource.'
            % method}}, 405)
        return resp
