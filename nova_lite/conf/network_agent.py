"""[network_agent]: the per-host agent wiring taps into bridges and
applying security groups (nova-lite-network-agent)."""
from oslo_config import cfg

network_agent_group = cfg.OptGroup(
    'network_agent', title='Network agent options',
    help='The per-host agent of the built-in network service: it adds the '
         'tap devices of the ports bound to this host to their networks\' '
         'bridges, applies their security groups with nftables and reports '
         'them up.')

network_agent_opts = [
    cfg.IntOpt('polling_interval', default=2, min=1,
               help='Seconds between two full resyncs of this host\'s ports '
                    '(tap devices, bridges, firewall). Notifications from '
                    'the network service trigger a resync at once; this '
                    'bounds the delay when one is lost.'),
    cfg.StrOpt('physical_interface', default='',
               help='A host interface to enslave to the bridge of the '
                    'first network wired on this host, linking guests to a '
                    'physical network. Empty (the default): none, guest '
                    'traffic stays on this host.'),
    cfg.StrOpt('nft_table', default='nova_lite',
               help='Name of the agent\'s nftables tables (one in the '
                    'bridge family, one in the inet family); nothing else '
                    'is touched. Change it only to run two agents on one '
                    'host, as tests do.'),
]


def register_opts(conf):
    conf.register_group(network_agent_group)
    conf.register_opts(network_agent_opts, group=network_agent_group)


def list_opts():
    return {network_agent_group: network_agent_opts}
