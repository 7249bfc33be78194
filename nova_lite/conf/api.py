from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Compute API options')

api_opts = [
    cfg.StrOpt('auth_strategy', default='keystone',
               choices=['keystone', 'noauth2'],
               help='How API requests are authenticated. "keystone" puts '
                    'keystonemiddleware auth_token in the pipeline; '
                    '"noauth2" trusts X-Auth-Token "user:project" and must '
                    'only be used for testing and all-in-one setups.'),
    cfg.IntOpt('max_limit', default=1000, min=0,
               help='Maximum number of items a list request returns.'),
    cfg.StrOpt('compute_link_prefix',
               help='Base URL used in links to compute resources instead of '
                    'the request host URL.'),
    cfg.BoolOpt('enable_instance_password', default=True,
                help='Return the admin password in the responses of server '
                     'create, rebuild and rescue.'),
]

listen_opts = [
    cfg.HostAddressOpt('osapi_compute_listen', default='0.0.0.0',
                       help='Address the Compute API listens on.'),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help='Port the Compute API listens on.'),
    cfg.IntOpt('osapi_compute_workers', min=1,
               help='Worker processes of nova-lite-api (default: the '
                    'number of CPUs). Each serves the shared socket with '
                    '[wsgi] default_pool_size threads.'),
    cfg.IntOpt('graceful_shutdown_timeout', default=60, min=0,
               help='Seconds a daemon given SIGTERM waits for the work in '
                    'flight (requests, RPC calls) before it exits anyway; '
                    '0 waits without limit.'),
]

wsgi_group = cfg.OptGroup('wsgi', title='The API\'s HTTP server')

wsgi_opts = [
    cfg.IntOpt('default_pool_size', default=32, min=1,
               help='Threads of each API worker process, so requests '
                    'served at once per worker. Idle keep-alive '
                    'connections do not hold a thread.'),
    cfg.IntOpt('client_socket_timeout', default=900, min=0,
               help='Seconds a client socket may stay silent in the middle '
                    'of a request before it is closed; 0 waits forever.'),
    cfg.BoolOpt('keep_alive', default=True,
                help='HTTP/1.1 keep-alive; False closes every connection '
                     'after its response.'),
    cfg.IntOpt('max_header_line', default=16384, min=1024,
               help='Largest request header block accepted, in bytes '
                    '(Keystone PKI-less tokens fit in the default).'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)
    conf.register_opts(listen_opts)
    conf.register_group(wsgi_group)
    conf.register_opts(wsgi_opts, group=wsgi_group)


def list_opts():
    return {api_group: api_opts, 'DEFAULT': listen_opts,
            wsgi_group: wsgi_opts}
