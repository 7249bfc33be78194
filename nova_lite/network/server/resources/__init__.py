"""One controller per collection of the v2.0 API."""
from nova_lite.network.server.resources import networks
from nova_lite.network.server.resources import ports
from nova_lite.network.server.resources import quotas
from nova_lite.network.server.resources import security_groups


def controllers(plugin):
    return [cls(plugin) for cls in (
        networks.Networks, networks.Subnets, ports.Ports,
        security_groups.SecurityGroups, security_groups.SecurityGroupRules,
        quotas.Quotas, quotas.FloatingIPs)]
