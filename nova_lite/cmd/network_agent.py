"""nova-lite-network-agent: wires this host's guest ports (taps into
bridges, nftables security groups) for the network service."""
import sys

from nova_lite.cmd import common
from nova_lite.cmd import launcher

BINARY = 'nova-lite-network-agent'


def make_service(conf):
    """The agent's Service (not started): nova-lite-all starts it beside
    its other services."""
    from nova_lite.network.agent import manager
    from nova_lite.network import rpcapi
    from nova_lite import service
    return service.Service(conf.host, BINARY, rpcapi.AGENT_TOPIC,
                           manager.NetworkAgentManager(conf.host))


def main():
    conf = common.parse_args(sys.argv)

    def start_worker():
        common.init_rpc_and_objects(conf)
        common.wait_for_conductor()
        server = make_service(conf)
        server.start()
        return [server]

    launcher.launch(conf, BINARY, start_worker)


if __name__ == '__main__':
    main()
