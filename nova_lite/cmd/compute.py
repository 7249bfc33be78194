"""nova-lite-compute: runs this host's guests through the virt driver."""
import sys

from nova_lite.cmd import common
from nova_lite.cmd import launcher


def main():
    conf = common.parse_args(sys.argv)
    from nova_lite.compute import manager
    from nova_lite.compute import rpcapi
    from nova_lite import service

    def start_worker():
        common.init_rpc_and_objects(conf)
        common.wait_for_conductor()
        server = service.Service(conf.host, 'nova-compute', rpcapi.TOPIC,
                                 manager.ComputeManager(conf.host))
        server.start()
        return [server]

    # One process: the compute owns this host's guests.
    launcher.launch(conf, 'nova-lite-compute', start_worker)


if __name__ == '__main__':
    main()
