"""JSON responses with the Content-Type Nova sends: "application/json" on a
success body, "application/json; charset=UTF-8" on a fault body (what a
webob exception carries in Nova)."""
import json

import webob

SUCCESS_TYPE = 'application/json'
FAULT_TYPE = 'application/json; charset=UTF-8'


def response(body, status=200, fault=False):
    resp = webob.Response(status=status)
    resp.headers['Content-Type'] = FAULT_TYPE if fault else SUCCESS_TYPE
    resp.body = json.dumps(body).encode('utf-8')
    return resp
