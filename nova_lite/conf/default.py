import socket

from oslo_config import cfg

default_opts = [
    cfg.StrOpt('host', default=socket.gethostname(), sample_default='<hostname>',
               help='Name of this node, used as the service host and the '
                    'compute RPC topic suffix (compute.<host>).'),
    cfg.StrOpt('my_ip', default='127.0.0.1',
               help='IP address of this host on the management network.'),
    cfg.StrOpt('state_path', default='/var/lib/nova-lite',
               help='Top-level directory for nova_lite state (instances, '
                    'image store, SQLite file in all-in-one mode).'),
    cfg.StrOpt('concurrency_backend', default='threading',
               choices=['threading', 'eventlet'],
               help='Concurrency model of the daemons. "threading" uses '
                    'native threads (the default and the fast path); '
                    '"eventlet" monkey-patches the process at start-up, as '
                    'upstream Nova did before it deprecated eventlet.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='Seconds since the last heartbeat after which a service '
                    'is reported as down.'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between service heartbeats.'),
    cfg.IntOpt('periodic_interval', default=60, min=1,
               help='Seconds between runs of periodic tasks (resource '
                    'reports, cleanups).'),
    cfg.StrOpt('default_availability_zone', default='nova',
               help='Availability zone of compute hosts that are not in an '
                    'aggregate with an availability zone.'),
    cfg.StrOpt('internal_service_availability_zone', default='internal',
               help='Availability zone reported for non-compute services.'),
]


def register_opts(conf):
    conf.register_opts(default_opts)


def list_opts():
    return {'DEFAULT': default_opts}
