"""nova-lite-conductor: the only daemon with a [database] connection."""
import sys

from nova_lite.cmd import common


def main():
    conf = common.parse_args(sys.argv)
    from nova_lite.conductor import manager
    from nova_lite.conductor import rpcapi
    from nova_lite.db import api as db_api
    from nova_lite import service
    db_api.configure(conf)
    common.init_rpc_and_objects(conf, indirection=False)
    server = service.Service(conf.host, 'nova-conductor', rpcapi.TOPIC,
                             manager.ConductorManager())
    server.start()
    common.run_until_signalled([server])


if __name__ == '__main__':
    main()
