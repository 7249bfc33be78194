"""[DEFAULT] options of the console proxy (Nova keeps them in DEFAULT)."""
from oslo_config import cfg

novnc_opts = [
    cfg.StrOpt('web', default='/usr/share/novnc',
               help='Directory of the noVNC client files that '
                    'nova-lite-novncproxy serves beside the WebSocket '
                    '(e.g. vnc_auto.html). Ignored when it does not '
                    'exist: only WebSocket connections are served then.'),
]


def register_opts(conf):
    conf.register_opts(novnc_opts)


def list_opts():
    return {'DEFAULT': novnc_opts}
