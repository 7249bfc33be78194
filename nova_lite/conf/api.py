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
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)
    conf.register_opts(listen_opts)


def list_opts():
    return {api_group: api_opts, 'DEFAULT': listen_opts}
