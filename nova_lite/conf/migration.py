"""Options of resize and cold migration (Nova's names, [DEFAULT])."""
from oslo_config import cfg

migration_opts = [
    cfg.BoolOpt('allow_resize_to_same_host', default=False,
                help='Allow the destination of a resize (or cold migration) '
                     'to be the host the instance already runs on. Useful '
                     'with a single compute host; the host needs room for '
                     'both flavors while the resize awaits confirmation.'),
    cfg.IntOpt('resize_confirm_window', default=0, min=0,
               help='Seconds after which a finished resize or cold '
                    'migration (status VERIFY_RESIZE) is confirmed '
                    'automatically by the destination compute service; '
                    '0 never confirms automatically.'),
]


def register_opts(conf):
    conf.register_opts(migration_opts)


def list_opts():
    return {'DEFAULT': migration_opts}
