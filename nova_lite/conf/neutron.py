"""[neutron]: how the compute service reaches the network service
(nova-lite-network or a real Neutron) through the Neutron v2.0 API, with
Nova's option names; and Nova's [DEFAULT] VIF plugging options."""
from oslo_config import cfg

from nova_lite.conf import ks_client

GROUP = 'neutron'
DEFAULT_SERVICE_TYPE = 'network'
DEFAULT_VALID_INTERFACES = ['internal', 'public']


def _group():
    return cfg.OptGroup(
        GROUP, title='Neutron Options',
        help='Configuration options for the Neutron v2.0 network API '
             'client (the built-in nova-lite-network service or a real '
             'Neutron). nova_lite uses a network service only when one '
             'is configured here (endpoint_override or auth_type) or the '
             'request\'s service catalog has a "network" entry; without '
             'one, servers boot without network interfaces.')


neutron_group = _group()

neutron_opts = [
    cfg.StrOpt('default_floating_pool', default='nova',
               help='Default name of the pool (external network) floating '
                    'IPs are allocated from.'),
    cfg.IntOpt('extension_sync_interval', default=600, min=0,
               help='Seconds between refreshes of the list of extensions '
                    'the network service advertises.'),
    cfg.StrOpt('ovs_bridge', default='br-int',
               help='Accepted for compatibility with Nova; nova_lite\'s '
                    'VIFs are of type "tap" and use no OVS bridge.'),
]

vif_opts = [
    cfg.BoolOpt('vif_plugging_is_fatal', default=True,
                help='Fail a build when a network-vif-plugged event does '
                     'not arrive within vif_plugging_timeout (the server '
                     'goes to ERROR and its ports are deleted). When '
                     'False, the build continues after the timeout.'),
    cfg.IntOpt('vif_plugging_timeout', default=300, min=0,
               help='Seconds to wait for the network service to report '
                    'each VIF of a guest plugged (network-vif-plugged) '
                    'before going on; 0: do not wait.'),
]


def register_opts(conf):
    ks_client.register(conf, _group(), neutron_opts, DEFAULT_SERVICE_TYPE,
                       DEFAULT_VALID_INTERFACES)
    conf.register_opts(vif_opts)


def list_opts():
    return {
        neutron_group: ks_client.list_opts(
            neutron_opts, DEFAULT_SERVICE_TYPE, DEFAULT_VALID_INTERFACES),
        'DEFAULT': vif_opts,
    }
