"""Start-up shared by every console script: concurrency backend, config,
logging, RPC and objects."""
import signal
import sys

from nova_lite import concurrency

VERSION = '0.1.0'


def parse_args(argv, default_config_files=None):
    """Select the concurrency backend, then load config and logging."""
    from nova_lite import memory
    memory.limit_arenas()
    concurrency.select(argv[1:])
    from oslo_log import log as logging

    from nova_lite import conf as nl_conf
    conf = nl_conf.CONF
    logging.register_options(conf)
    conf(argv[1:], project='nova-lite', version=VERSION,
         default_config_files=default_config_files)
    logging.setup(conf, 'nova-lite')
    return conf


def init_rpc_and_objects(conf, indirection=True):
    """Indirection: object methods go to the conductor over RPC (every
    service except the conductor and the all-in-one process)."""
    from nova_lite import objects
    from nova_lite.objects import base as obj_base
    from nova_lite import rpc
    objects.register_all()
    rpc.init(conf)
    if indirection:
        from nova_lite.conductor import rpcapi as conductor_rpcapi
        obj_base.NovaLiteObject.indirection_api = \
            conductor_rpcapi.ConductorAPI()


def wait_for_conductor(timeout=None):
    from nova_lite.conductor import rpcapi as conductor_rpcapi
    from nova_lite import context as nl_context
    conductor_rpcapi.ConductorAPI().wait_until_ready(
        nl_context.get_admin_context(), timeout=timeout)


def install_hangup_handler():
    """SIGHUP sets the returned event (the main loop acts on it)."""
    import threading
    hangup = threading.Event()
    signal.signal(signal.SIGHUP, lambda signum, frame: hangup.set())
    return hangup


def on_hangup(conf):
    """What SIGHUP does, as in Nova: re-read the mutable options of the
    config files and forget the RPC version caps, which the next message
    chooses anew ([upgrade_levels], e.g. once every compute runs the new
    release)."""
    from oslo_log import log as logging
    from nova_lite import rpc
    conf.mutate_config_files()
    rpc.reset_version_caps()
    logging.getLogger(__name__).info(
        'SIGHUP: configuration re-read, RPC version caps reset')


def run_until_signalled(services, on_stop=None):
    """Block until SIGTERM/SIGINT, then stop services in reverse order;
    on SIGHUP, on_hangup()."""
    import threading
    from nova_lite import conf as nl_conf
    stopped = threading.Event()

    def _handler(signum, frame):
        stopped.set()

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
    hangup = install_hangup_handler()
    while not stopped.wait(1):
        if hangup.is_set():
            hangup.clear()
            on_hangup(nl_conf.CONF)
    if on_stop is not None:
        on_stop()
    for service in reversed(services):
        service.stop()
    from nova_lite import rpc
    rpc.cleanup()
    sys.exit(0)
