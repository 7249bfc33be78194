"""nova-lite-conductor: the only daemon with a [database] connection;
[conductor] workers processes consume its queues."""
import sys

from nova_lite.cmd import common
from nova_lite.cmd import launcher


def main():
    conf = common.parse_args(sys.argv)
    from nova_lite.conductor import manager
    from nova_lite.conductor import rpcapi
    from nova_lite.db import api as db_api
    from nova_lite import service

    def start_worker():
        # Each worker opens its own database pool and RPC connections.
        db_api.configure(conf)
        common.init_rpc_and_objects(conf, indirection=False)
        server = service.Service(conf.host, 'nova-conductor', rpcapi.TOPIC,
                                 manager.ConductorManager())
        server.start()
        return [server]

    launcher.launch(conf, 'nova-lite-conductor', start_worker,
                    workers=conf.conductor.workers or
                    launcher.default_workers())


if __name__ == '__main__':
    main()
