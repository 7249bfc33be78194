"""Nova's fault bodies for domain and routing errors."""
import webob.exc

from nova_lite.api import faults
from nova_lite import exception


def test_domain_exceptions_map_to_nova_names():
    cases = [
        (exception.InstanceNotFound(instance_id='x'), 404, 'itemNotFound'),
        (exception.ValidationError(detail='bad'), 400, 'badRequest'),
        (exception.PolicyNotAuthorized(action='a'), 403, 'forbidden'),
        (exception.InstanceIsLocked(instance_uuid='u'), 409,
         'conflictingRequest'),
        (exception.VersionNotAcceptable(version='9.9'), 406,
         'computeFault'),
        (webob.exc.HTTPMethodNotAllowed(), 405, 'badMethod'),
        (webob.exc.HTTPRequestEntityTooLarge(), 413, 'overLimit'),
        (webob.exc.HTTPTooManyRequests(), 429, 'overLimit'),
        (webob.exc.HTTPUnauthorized(), 401, 'unauthorized'),
    ]
    for exc, code, name in cases:
        resp = faults.exception_to_response(exc)
        assert resp.status_int == code
        assert list(resp.json) == [name]
        assert resp.json[name]['code'] == code


def test_unexpected_error_is_generic_500():
    resp = faults.exception_to_response(KeyError('db password'))
    assert resp.status_int == 500
    assert 'password' not in resp.json['computeFault']['message']


def test_unsafe_500_domain_exception_hides_message():
    resp = faults.exception_to_response(
        exception.NoValidHost(reason='internal detail'))
    assert resp.status_int == 500
    assert 'internal' not in resp.text


def test_not_found_route(client):
    resp = client.get('/v2.1/no-such-collection')
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['code'] == 404


def test_a_method_the_path_has_no_route_for_is_not_found(client):
    """Nova's router has no route for it: 404, not 405."""
    resp = client.request('PATCH', '/v2.1/servers')
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == \
        'The resource could not be found.'


def test_conflict_body(client, compute):
    inst = compute.add(locked=True)
    resp = client.delete('/v2.1/servers/%s' % inst.uuid)
    assert resp.status_int == 409
    assert resp.json['conflictingRequest']['message'] == \
        'Instance %s is locked' % inst.uuid


def test_invalid_state_conflict(client, compute):
    inst = compute.add(vm_state='stopped')
    resp = client.post('/v2.1/servers/%s/action' % inst.uuid,
                       {'reboot': {'type': 'SOFT'}})
    assert resp.status_int == 409
    assert 'conflictingRequest' in resp.json


def test_malformed_json_is_400(client):
    resp = client.post('/v2.1/servers', b'{not json')
    assert resp.status_int == 400
    assert resp.json['badRequest']['message'] == 'Malformed request body'


def test_broker_and_database_outages_are_503_with_retry_after():
    import oslo_messaging as messaging
    for exc in (messaging.MessagingTimeout('no reply'),
                messaging.MessageDeliveryFailure('broker down'),
                messaging.RemoteError('DBConnectionError', 'gone'),
                exception.DatabaseUnavailable()):
        resp = faults.exception_to_response(exc)
        assert resp.status_int == 503, exc
        assert list(resp.json) == ['serviceUnavailable']
        assert resp.json['serviceUnavailable']['code'] == 503
        assert resp.headers['Retry-After'] == '10'


def test_other_remote_errors_stay_500():
    import oslo_messaging as messaging
    resp = faults.exception_to_response(
        messaging.RemoteError('KeyError', 'secret detail'))
    assert resp.status_int == 500
    assert 'secret' not in resp.text
