"""[consoleauth] options (Nova's names): console authorization tokens."""
from oslo_config import cfg

consoleauth_group = cfg.OptGroup(
    'consoleauth', title='Console auth',
    help='Tokens that authorize a connection through a console proxy.')

consoleauth_opts = [
    cfg.IntOpt('token_ttl', default=600, min=0,
               help='Seconds a console auth token stays valid.'),
]


def register_opts(conf):
    conf.register_group(consoleauth_group)
    conf.register_opts(consoleauth_opts, group=consoleauth_group)


def list_opts():
    return {consoleauth_group: consoleauth_opts}
