"""oslo.messaging's own [DEFAULT] options (transport_url,
rpc_response_timeout, executor_thread_pool_size ...), registered up front so
nova-lite-all can give transport_url an embedded default."""
import oslo_messaging
from oslo_messaging import opts as messaging_opts


def register_opts(conf):
    oslo_messaging.set_transport_defaults('nova_lite')
    for group, opts in messaging_opts.list_opts():
        if group in (None, 'DEFAULT'):
            conf.register_opts(opts)
