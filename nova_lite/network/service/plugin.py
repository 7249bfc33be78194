"""The network service's core, what the API and the RPC endpoint call:
one collaborator per resource family, sharing the events hub."""
from nova_lite.network.service import events as events_mod
from nova_lite.network.service import networks
from nova_lite.network.service import ports
from nova_lite.network.service import security_groups


class Plugin(object):
    def __init__(self, conf, events=None):
        self.conf = conf
        self.events = events or events_mod.Events(conf)
        self.networks = networks.Networks(conf, self.events)
        self.ports = ports.Ports(conf, self.events)
        self.security_groups = security_groups.SecurityGroups(conf,
                                                              self.events)


def build(conf, dhcp_manager=None, with_dhcp=None):
    """The Plugin of a running network service: agents told over RPC,
    Nova over its API, DHCP served from this process when
    [network] dhcp_enabled (or `with_dhcp`) says so."""
    from nova_lite.network import rpcapi
    from nova_lite.network.service import dhcp
    from nova_lite.network.service import nova_notifier
    if with_dhcp is None:
        with_dhcp = conf.network.dhcp_enabled
    events = events_mod.Events(
        conf, agents=rpcapi.AgentNotifyAPI(),
        nova=nova_notifier.NovaNotifier(conf),
        dhcp=dhcp.DhcpSync(conf, dhcp_manager) if with_dhcp else None)
    return Plugin(conf, events)
