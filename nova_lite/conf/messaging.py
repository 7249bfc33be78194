"""oslo.messaging's own options: [DEFAULT] (transport_url,
rpc_response_timeout, executor_thread_pool_size ...), registered up front so
nova-lite-all can give transport_url an embedded default, and
[oslo_messaging_rabbit], whose defaults nova_lite sets so that a broker
restart loses no message that would strand an instance; plus nova_lite's
bound on how long a message waits for an unreachable broker."""
from oslo_config import cfg
import oslo_messaging
from oslo_messaging._drivers import amqp as amqp_driver
from oslo_messaging._drivers import impl_rabbit
from oslo_messaging import opts as messaging_opts

# What a build, delete or state change needs from RabbitMQ to survive a
# broker restart, and a reconnect soon after the broker is back:
RABBIT_DEFAULTS = {
    # durable exchanges and topic queues, persistent messages: a cast to
    # the conductor or to a compute host outlives a restart of the broker
    # (or of the consumer: topic queues are not auto-deleted).
    'amqp_durable_queues': True,
    # reconnect attempts 1 s apart, growing by 2 s, at most 5 s apart:
    # a daemon resumes within seconds of the broker coming back.
    'rabbit_retry_interval': 1,
    'rabbit_retry_backoff': 2,
    'rabbit_interval_max': 5,
    'kombu_reconnect_delay': 1.0,
    # a broker that stops answering (a network cut, not a clean close) is
    # noticed in about this many seconds.
    'heartbeat_timeout_threshold': 30,
}

messaging_opts_nl = [
    cfg.IntOpt('rpc_send_retries', default=10, min=-1,
               help='How many times a message (cast or call) sent while '
                    'the broker is unreachable is retried, each retry after '
                    'a reconnect attempt ([oslo_messaging_rabbit] '
                    'rabbit_retry_interval, growing to rabbit_interval_max: '
                    'about 45 s with the defaults) before the sender gets '
                    'an error (the API answers 503). -1 retries forever.'),
]


def register_opts(conf):
    oslo_messaging.set_transport_defaults('nova_lite')
    for group, opts in messaging_opts.list_opts():
        if group in (None, 'DEFAULT'):
            conf.register_opts(opts)
    set_defaults()
    # The driver's own option objects (it registers them again when the
    # transport loads: the same objects, so no conflict).
    conf.register_opts(amqp_driver.amqp_opts + impl_rabbit.rabbit_opts,
                       group='oslo_messaging_rabbit')
    conf.register_opts(messaging_opts_nl)


def set_defaults():
    """RABBIT_DEFAULTS on the driver's options (also what the sample
    generator lists, through nova_lite.conf.opts.set_defaults)."""
    cfg.set_defaults(amqp_driver.amqp_opts, **RABBIT_DEFAULTS)
    cfg.set_defaults(impl_rabbit.rabbit_opts, **RABBIT_DEFAULTS)


def list_opts():
    return {'DEFAULT': messaging_opts_nl}
