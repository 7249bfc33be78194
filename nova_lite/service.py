"""A running daemon: its service record and heartbeat, its RPC server and
its periodic tasks."""
import threading

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import concurrency
from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite import rpc

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class Service(object):
    """One of conductor, scheduler or compute, serving topic on host."""

    def __init__(self, host, binary, topic, manager,
                 report_interval=None, periodic_interval=None):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager = manager
        self.report_interval = report_interval or CONF.report_interval
        self.periodic_interval = periodic_interval or CONF.periodic_interval
        self.service_ref = None
        self.rpcserver = None
        self._stop = threading.Event()
        self._threads = []

    def _register(self, context):
        try:
            ref = objects.Service.get_by_host_and_binary(context, self.host,
                                                         self.binary)
        except exception.NotFound:
            ref = objects.Service(context, host=self.host,
                                  binary=self.binary, topic=self.topic,
                                  report_count=0, disabled=False,
                                  forced_down=False)
            try:
                ref.create()
            except exception.ServiceBinaryExists:
                ref = objects.Service.get_by_host_and_binary(
                    context, self.host, self.binary)
        if ref.obj_attr_is_set('version') and \
                ref.version != objects.service.SERVICE_VERSION:
            ref.version = objects.service.SERVICE_VERSION
            ref.save()
        self.service_ref = ref

    def start(self):
        context = nl_context.get_admin_context()
        self._register(context)
        LOG.info('Starting %s on %s (topic %s, service id %s)', self.binary,
                 self.host, self.topic, self.service_ref.id)
        self.manager.init_host(self.service_ref.id)
        target = messaging.Target(topic=self.topic, server=self.host)
        self.rpcserver = rpc.get_server(target, [self.manager],
                                        executor=concurrency.selected())
        self.rpcserver.start()
        # Only now is the service "up": its queues exist, so a message sent
        # to it from here on is not dropped by the broker.
        self._heartbeat(context)
        self._spawn(self._loop, self.report_interval, self._heartbeat,
                    'heartbeat')
        if hasattr(self.manager, 'periodic_tasks'):
            self._spawn(self._periodic_loop, 'periodic tasks')

    def _spawn(self, fn, *args):
        thread = threading.Thread(target=fn, args=args, daemon=True,
                                  name='%s-%s' % (self.binary, args[-1]))
        thread.start()
        self._threads.append(thread)

    def _loop(self, interval, task, name):
        context = nl_context.get_admin_context()
        while not self._stop.wait(interval):
            try:
                task(context)
            except Exception:
                LOG.exception('%s of %s failed', name, self.binary)

    def _periodic_loop(self, name):
        """manager.periodic_tasks() every periodic_interval, or sooner when
        it answers that its next task is due sooner (seconds)."""
        context = nl_context.get_admin_context()
        idle = self.periodic_interval
        while not self._stop.wait(idle):
            idle = self.periodic_interval
            try:
                due_in = self.manager.periodic_tasks(context)
            except Exception:
                LOG.exception('%s of %s failed', name, self.binary)
                continue
            if isinstance(due_in, (int, float)) and due_in >= 0:
                idle = min(max(due_in, 0.1), self.periodic_interval)

    def _heartbeat(self, context):
        self.service_ref.heartbeat()

    def stop(self):
        self._stop.set()
        if self.rpcserver is not None:
            try:
                self.rpcserver.stop()
                self.rpcserver.wait()
            except Exception:
                LOG.exception('Stopping the RPC server of %s failed',
                              self.binary)
        self.manager.cleanup_host()

    def wait(self):
        self._stop.wait()
