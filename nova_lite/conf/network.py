"""[network]: the built-in network service (nova-lite-network), and
[nova]: how it reaches the Compute API to send external events, with
Neutron's option names (auth_type, auth_url, username, password,
project_name, user_domain_name, project_domain_name, region_name,
endpoint_type) plus endpoint_override."""
import socket

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

NETWORK_GROUP = 'network'
NOVA_GROUP = 'nova'


def _network_group():
    return cfg.OptGroup(NETWORK_GROUP, title='Network service options',
                        help='The built-in Neutron-compatible network '
                             'service (nova-lite-network).')


def _nova_group():
    return cfg.OptGroup(NOVA_GROUP, title='Nova notification options',
                        help='How the network service reaches the Compute '
                             'API to send os-server-external-events, as '
                             "Neutron's [nova] section.")


network_group = _network_group()
nova_group = _nova_group()

network_opts = [
    cfg.StrOpt('bind_host', default='0.0.0.0',
               help='Address the network API listens on.'),
    cfg.PortOpt('bind_port', default=9696,
                help='Port the network API listens on (Neutron\'s 9696).'),
    cfg.StrOpt('auth_strategy', default='keystone',
               choices=[('keystone', 'keystonemiddleware auth_token from '
                                     '[keystone_authtoken]'),
                        ('noauth2', 'trust X-Auth-Token "user:project" '
                                    '(testing only)')],
               help='How the network API authenticates requests.'),
    cfg.StrOpt('host', default=socket.gethostname(),
               sample_default='<hostname>',
               help='Host name of the network service: the binding:host_id '
                    'of its DHCP ports.'),
    cfg.StrOpt('dhcp_state_path', default='$state_path/dhcp',
               help='Directory of the DHCP servers\' hosts, options and '
                    'pid files (one subdirectory per network).'),
    cfg.BoolOpt('dhcp_enabled', default=True,
                help='Serve DHCP (dnsmasq in a qdhcp-<network> namespace '
                     'per network) from this process. Needs root.'),
    cfg.StrOpt('dns_domain', default='openstacklocal',
               help='Domain the DHCP server gives guests.'),
    cfg.IntOpt('global_physnet_mtu', default=1500, min=68,
               help='MTU of new networks (Neutron\'s option name).'),
    cfg.IntOpt('default_quota_network', default=100,
               help='Networks per project (-1: unlimited).'),
    cfg.IntOpt('default_quota_subnet', default=100,
               help='Subnets per project (-1: unlimited).'),
    cfg.IntOpt('default_quota_port', default=500,
               help='Ports per project (-1: unlimited).'),
    cfg.IntOpt('default_quota_security_group', default=10,
               help='Security groups per project (-1: unlimited).'),
    cfg.IntOpt('default_quota_security_group_rule', default=100,
               help='Security group rules per project (-1: unlimited).'),
    cfg.StrOpt('default_network_name', default='private',
               help='nova-lite-all: the shared network created at start-up '
                    'if missing (empty: none).'),
    cfg.StrOpt('default_network_cidr', default='10.0.0.0/24',
               help='nova-lite-all: the CIDR of the default network\'s '
                    'subnet.'),
]

nova_opts = [
    cfg.StrOpt('region_name',
               help='Name of the Compute API region to use (Keystone '
                    'catalog).'),
    cfg.StrOpt('endpoint_type', default='public',
               choices=['public', 'admin', 'internal'],
               help='Type of the Compute API endpoint in the catalog.'),
    cfg.StrOpt('endpoint_override',
               help='URL of the Compute API (e.g. http://host:8774/v2.1); '
                    'skips the catalog. nova-lite-all sets it itself.'),
    cfg.BoolOpt('send_events', default=True,
                help='Send network-vif-plugged and the other port events '
                     'to the Compute API.'),
]


def register_opts(conf):
    conf.register_group(_network_group())
    conf.register_opts(network_opts, group=NETWORK_GROUP)
    conf.register_group(_nova_group())
    conf.register_opts(nova_opts, group=NOVA_GROUP)
    ks_loading.register_session_conf_options(conf, NOVA_GROUP)
    ks_loading.register_auth_conf_options(conf, NOVA_GROUP)


def list_opts():
    return {
        network_group: network_opts,
        nova_group: (
            nova_opts + ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            ks_loading.get_auth_plugin_conf_options('v3password')),
    }
