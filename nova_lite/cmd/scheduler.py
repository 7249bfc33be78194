"""nova-lite-scheduler: answers select_destinations."""
import sys

from nova_lite.cmd import common


def main():
    conf = common.parse_args(sys.argv)
    from nova_lite.scheduler import manager
    from nova_lite.scheduler import rpcapi
    from nova_lite import service
    # Unknown filters or weighers stop the scheduler here, before it waits.
    scheduler = manager.SchedulerManager()
    common.init_rpc_and_objects(conf)
    common.wait_for_conductor()
    server = service.Service(conf.host, 'nova-scheduler', rpcapi.TOPIC,
                             scheduler)
    server.start()
    common.run_until_signalled([server])


if __name__ == '__main__':
    main()
