"""Remote console bodies: the console of a server (remote-consoles and
the legacy os-getVNCConsole action) and a console auth token's
connection details (2.99: tls_port)."""


def remote_console(protocol, console_type, url):
    return {'remote_console': {'protocol': protocol, 'type': console_type,
                               'url': url}}


def vnc_console(console_type, url):
    return {'console': {'type': console_type, 'url': url}}


def auth_token(auth, with_tls_port):
    console = {'instance_uuid': auth.instance_uuid, 'host': auth.host,
               'port': auth.port,
               'internal_access_path': auth.internal_access_path}
    if with_tls_port:
        console['tls_port'] = None
    return {'console': console}
