"""nova-lite-scheduler: answers select_destinations; [scheduler] workers
processes consume its queue."""
import sys

from nova_lite.cmd import common
from nova_lite.cmd import launcher


def main():
    conf = common.parse_args(sys.argv)
    from nova_lite.scheduler import manager
    from nova_lite.scheduler import rpcapi
    from nova_lite import service
    # Unknown filters or weighers stop the scheduler here, before it forks.
    manager.SchedulerManager()

    def start_worker():
        common.init_rpc_and_objects(conf)
        common.wait_for_conductor()
        server = service.Service(conf.host, 'nova-scheduler', rpcapi.TOPIC,
                                 manager.SchedulerManager())
        server.start()
        return [server]

    launcher.launch(conf, 'nova-lite-scheduler', start_worker,
                    workers=conf.scheduler.workers or
                    launcher.default_workers())


if __name__ == '__main__':
    main()
