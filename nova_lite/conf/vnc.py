"""[vnc] options (Nova's names): guest VNC consoles and the noVNC proxy."""
from oslo_config import cfg

vnc_group = cfg.OptGroup(
    'vnc', title='VNC consoles',
    help='Guest VNC consoles and the nova-lite-novncproxy service.')

vnc_opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Give guests a VNC console.'),
    cfg.HostAddressOpt('server_listen', default='127.0.0.1',
                       help='Address the guests\' VNC servers listen on, on '
                            'the compute host.'),
    cfg.HostAddressOpt('server_proxyclient_address', default='127.0.0.1',
                       help='Address of this compute host that the VNC '
                            'proxy connects to.'),
    cfg.URIOpt('novncproxy_base_url',
               default='http://127.0.0.1:6080/vnc_auto.html',
               help='Public URL of the noVNC proxy handed to clients, '
                    'e.g. "http://host:6080/vnc_auto.html".'),
    cfg.HostAddressOpt('novncproxy_host', default='0.0.0.0',
                       help='Address nova-lite-novncproxy listens on.'),
    cfg.PortOpt('novncproxy_port', default=6080,
                help='Port nova-lite-novncproxy listens on.'),
]


def register_opts(conf):
    conf.register_group(vnc_group)
    conf.register_opts(vnc_opts, group=vnc_group)


def list_opts():
    return {vnc_group: vnc_opts}
