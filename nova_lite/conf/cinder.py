"""[cinder]: how nova_lite reaches the block storage service (Cinder's
v3 API), with Nova's option names, plus the keystoneauth session and
auth options registered as Nova registers them (no adapter options:
the endpoint comes from endpoint_template or catalog_info)."""
from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP = 'cinder'


def _group():
    return cfg.OptGroup(
        GROUP, title='Cinder Options',
        help='Configuration options for the block storage service '
             '(Cinder v3). nova_lite uses one only when endpoint_template '
             'is set or the request\'s service catalog names it '
             '(catalog_info); without one, volume requests are refused.')


cinder_group = _group()

cinder_opts = [
    cfg.StrOpt('catalog_info', default='volumev3::publicURL',
               regex=r'^[\w-]+:\w*:.*$',
               help='Where to find Cinder in the service catalog, as '
                    '<service_type>:<service_name>:<endpoint_type> '
                    '(service_name may be empty). Ignored when '
                    'endpoint_template is set.'),
    cfg.StrOpt('endpoint_template',
               help='A template for the Cinder endpoint that overrides the '
                    'catalog lookup, filled with the request context, e.g. '
                    'http://localhost:8776/v3/%(project_id)s'),
    cfg.StrOpt('os_region_name',
               help='Region of this node, used to pick the Cinder endpoint '
                    'in the service catalog.'),
    cfg.IntOpt('http_retries', default=3, min=0,
               help='Times a failed connection to Cinder is retried '
                    '(0: one attempt only).'),
    cfg.BoolOpt('cross_az_attach', default=True,
                help='Allow attaching a volume to an instance in another '
                     'availability zone. When False, a volume must be in '
                     'the availability zone of the instance, and volumes '
                     'a build creates are created in the instance\'s '
                     'zone.'),
    cfg.BoolOpt('debug', default=False,
                help='Log the Cinder client\'s and os-brick\'s debug '
                     'messages independently of the rest of nova_lite.'),
]


def register_opts(conf):
    group = _group()
    conf.register_group(group)
    conf.register_opts(cinder_opts, group=group.name)
    ks_loading.register_session_conf_options(conf, group.name)
    ks_loading.register_auth_conf_options(conf, group.name)


def list_opts():
    return {
        cinder_group: (cinder_opts +
                       ks_loading.get_session_conf_options() +
                       ks_loading.get_auth_common_conf_options() +
                       ks_loading.get_auth_plugin_conf_options('password')),
    }
