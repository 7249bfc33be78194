"""nova-lite-network: the Neutron-compatible network service (API on
[network] bind_host:bind_port, RPC topic `network`, DHCP). Its data goes
through the conductor, like every daemon but the conductor."""
import sys

from nova_lite.cmd import common
from nova_lite.cmd import launcher


def main():
    conf = common.parse_args(sys.argv)
    from nova_lite.network.service import daemon

    def start_worker():
        common.init_rpc_and_objects(conf)
        common.wait_for_conductor()
        service = daemon.NetworkService(conf)
        service.start()
        return [service]

    launcher.launch(conf, 'nova-lite-network', start_worker)


if __name__ == '__main__':
    main()
