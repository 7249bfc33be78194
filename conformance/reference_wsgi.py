"""Entry points for running the real Nova 34 and Placement 16 under
gunicorn, imported by the reference virtualenv (never by nova_lite):

    gunicorn 'conformance.reference_wsgi:nova()'
    gunicorn 'conformance.reference_wsgi:placement()'

Both applications parse sys.argv with oslo.config, so the factories hide
gunicorn's own arguments; their config files come from the environment
(OS_NOVA_CONFIG_DIR, OS_PLACEMENT_CONFIG_DIR).

`auth_filter_factory` is the paste filter standing where Nova's authtoken
and keystonecontext stand (Nova 34 ships no noauth2): ``X-Auth-Token:
user:project`` names the caller, as nova_lite's noauth2 reads it.
"""
import sys


def _bare_argv():
    sys.argv = sys.argv[:1]


def nova():
    _bare_argv()
    from nova.wsgi import osapi_compute
    return osapi_compute.application


def placement():
    _bare_argv()
    from placement.wsgi import api
    return api.application


class TokenNamesCaller(object):
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        from nova import context
        token = environ.get('HTTP_X_AUTH_TOKEN', '')
        user_id, sep, project_id = token.partition(':')
        if not sep or not user_id:
            user_id, project_id = 'admin', 'admin'
        project_id = project_id or user_id
        is_admin = user_id == 'admin'
        roles = ['reader', 'member'] + (['admin'] if is_admin else [])
        environ['nova.context'] = context.RequestContext(
            user_id, project_id, is_admin=is_admin, roles=roles,
            user_name=user_id, project_name=project_id,
            auth_token=token or 'admin:admin',
            request_id=environ.get('openstack.request_id'),
            remote_address=environ.get('REMOTE_ADDR'))
        return self.application(environ, start_response)


def auth_filter_factory(global_conf, **local_conf):
    return TokenNamesCaller
