"""[upgrade_levels]: the RPC version each service's client may send
(Nova's group and option names)."""
from oslo_config import cfg

upgrade_group = cfg.OptGroup(
    'upgrade_levels', title='RPC version caps during a rolling upgrade',
    help='While services of two releases run side by side, a service '
         'must not send another a message newer than the receiver '
         'understands. Each option caps the RPC API version used to '
         'talk to one service. The options are re-read on SIGHUP.')


def _cap_opt(name, binary):
    return cfg.StrOpt(
        name, mutable=True,
        help='Cap on the %(name)s RPC API version this service sends. '
             'Empty (the default): no cap, the newest version this '
             'release knows. A version number such as "1.0": that '
             'version at most. A release name (see '
             'nova_lite.objects.service.RELEASES): the version that '
             'release serves. "auto": the version served by the oldest '
             '%(binary)s service in the service records (not deleted, '
             'not forced down), re-read at most every report_interval '
             'seconds and on SIGHUP, so the cap lifts once every '
             '%(binary)s runs the new release.' % {'name': name,
                                                   'binary': binary})


upgrade_opts = [
    _cap_opt('compute', 'nova-compute'),
    _cap_opt('conductor', 'nova-conductor'),
    _cap_opt('scheduler', 'nova-scheduler'),
]


def register_opts(conf):
    conf.register_group(upgrade_group)
    conf.register_opts(upgrade_opts, group=upgrade_group)


def list_opts():
    return {upgrade_group: upgrade_opts}
