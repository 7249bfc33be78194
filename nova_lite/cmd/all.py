"""nova-lite-all: every daemon in one process, with embedded defaults.

SQLite under state_path, in-process messaging (fake://), noauth2 and
compute_driver = auto (libvirt when a libvirtd answers and the test image
is built, else fake) unless the config file says otherwise. Everything is on
one host, so object methods run in-process (no indirection to a separate
conductor); the RPC casts between the services are the same as in a
multi-daemon deployment.
"""
import os
import sys
import threading

from nova_lite.cmd import common

DEFAULT_STATE_PATH = os.path.join(os.path.expanduser('~'), '.local', 'share',
                                  'nova-lite')


def set_embedded_defaults(conf):
    conf.set_default('state_path', DEFAULT_STATE_PATH)
    conf.set_default('transport_url', 'fake:/')
    conf.set_default('auth_strategy', 'noauth2', group='api')
    conf.set_default('image_backend', 'local', group='glance')
    conf.set_default('compute_driver', 'auto')
    conf.set_default('osapi_compute_listen', '127.0.0.1')
    conf.set_default('host', 'nova-lite')
    conf.set_default('auth_strategy', 'noauth2', group='network')
    conf.set_default('host', 'nova-lite', group='network')
    # DHCP needs namespaces and dnsmasq: root only.
    conf.set_default('dhcp_enabled', os.geteuid() == 0, group='network')


def _default_connection(conf):
    return 'sqlite:///' + os.path.join(conf.state_path, 'nova-lite.sqlite')


def bootstrap(conf):
    """Schema, default flavors and a bootable image, if missing."""
    from nova_lite.compute import flavors
    from nova_lite import context as nl_context
    from nova_lite.db import migration
    os.makedirs(conf.state_path, exist_ok=True)
    if not conf.database.connection:
        conf.set_override('connection', _default_connection(conf),
                          group='database')
    migration.db_sync(conf)
    flavors.ensure_default_flavors(nl_context.get_admin_context())
    from nova_lite.image import default_image
    default_image.ensure_default_image(conf)
    from nova_lite.network.service import bootstrap as network_bootstrap
    network_bootstrap.ensure_default_network(nl_context.get_admin_context(),
                                             conf)


def start_services(conf):
    """Start conductor, scheduler and compute in this process."""
    from nova_lite.compute import manager as compute_manager
    from nova_lite.compute import rpcapi as compute_rpcapi
    from nova_lite.conductor import manager as conductor_manager
    from nova_lite.conductor import rpcapi as conductor_rpcapi
    from nova_lite.scheduler import manager as scheduler_manager
    from nova_lite.scheduler import rpcapi as scheduler_rpcapi
    from nova_lite import service
    services = [
        service.Service(conf.host, 'nova-conductor',
                        conductor_rpcapi.TOPIC,
                        conductor_manager.ConductorManager()),
        service.Service(conf.host, 'nova-scheduler',
                        scheduler_rpcapi.TOPIC,
                        scheduler_manager.SchedulerManager()),
        service.Service(conf.host, 'nova-compute',
                        compute_rpcapi.TOPIC,
                        compute_manager.ComputeManager(conf.host)),
    ]
    if os.geteuid() == 0:
        # Wiring taps into bridges needs root, as DHCP does.
        from nova_lite.cmd import network_agent
        services.append(network_agent.make_service(conf))
    from nova_lite.network.service import daemon as network_daemon
    services.append(network_daemon.NetworkService(conf, serve_http=False))
    for svc in services:
        svc.start()
    return services


def main():
    from nova_lite import conf as nl_conf
    set_embedded_defaults(nl_conf.CONF)
    conf = common.parse_args(sys.argv)
    from oslo_log import log as logging
    from nova_lite.api import wsgi
    from nova_lite.db import api as db_api
    if not conf.database.connection:
        os.makedirs(conf.state_path, exist_ok=True)
        conf.set_override('connection', _default_connection(conf),
                          group='database')
    db_api.configure(conf)
    common.init_rpc_and_objects(conf, indirection=False)
    from nova_lite.virt import auto as auto_driver
    driver_choice = auto_driver.choose(conf)
    if not conf.neutron.endpoint_override and not conf.neutron.auth_type:
        # The compute reaches the built-in network service under /network.
        conf.set_override('endpoint_override', 'http://%s:%s/network' % (
            conf.osapi_compute_listen, conf.osapi_compute_listen_port),
            group='neutron')
    bootstrap(conf)
    services = start_services(conf)
    network = services[-1]
    if conf.vnc.enabled:
        from nova_lite.cmd import novncproxy
        try:
            services.append(novncproxy.start(conf))
        except OSError as exc:
            logging.getLogger(__name__).warning(
                'No VNC console proxy: cannot listen on %s:%s (%s)',
                conf.vnc.novncproxy_host, conf.vnc.novncproxy_port, exc)
    from nova_lite.network.server import wsgi as network_wsgi
    server = wsgi.make_server(conf, app=network_wsgi.Mounted(
        wsgi.build_app(conf),
        network_wsgi.application(conf, network.plugin)))
    if not conf.nova.endpoint_override and not conf.nova.auth_type:
        # the network service's events go to this process's Compute API
        conf.set_override('endpoint_override', 'http://%s:%s/v2.1' % (
            server.server_address[0], server.server_address[1]),
            group='nova')
    logging.getLogger(__name__).info(
        'nova-lite-all ready: Compute API on http://%s:%s/v2.1, network '
        'API on /network, Placement on /placement (state in %s; %s)',
        server.server_address[0],
        server.server_address[1], conf.state_path,
        driver_choice or 'compute_driver %s' % conf.compute_driver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    common.run_until_signalled(services, on_stop=server.shutdown)


if __name__ == '__main__':
    main()
