"""A RabbitMQ node of a test's own (its own node name, ports and data
under the test's directory), so a drill can stop and start the broker
without touching the one other tests share."""
import os
import subprocess
import time
import uuid

from tests.integration import deployment
from tests.integration import own_server

SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl'


class OwnBroker(own_server.OwnServer):
    name = 'rabbitmq'

    def __init__(self, workdir):
        super().__init__()
        self.workdir = workdir
        self.port = deployment.free_port()
        self.dist_port = deployment.free_port()
        self.nodename = 'nl-drill-%s@localhost' % uuid.uuid4().hex[:8]
        os.makedirs(workdir, exist_ok=True)
        with open(os.path.join(workdir, 'rabbitmq.conf'), 'w') as f:
            f.write('listeners.tcp.default = 127.0.0.1:%d\n' % self.port)
            f.write('loopback_users = none\n')
        with open(os.path.join(workdir, 'enabled_plugins'), 'w') as f:
            f.write('[].\n')

    @property
    def transport_url(self):
        return 'rabbit://guest:guest@127.0.0.1:%d/' % self.port

    def command(self):
        return [SERVER]

    def env(self):
        env = super().env()
        path = lambda name: os.path.join(self.workdir, name)  # noqa: E731
        env.update({
            'HOME': self.workdir,
            'RABBITMQ_NODENAME': self.nodename,
            'RABBITMQ_NODE_PORT': str(self.port),
            'RABBITMQ_DIST_PORT': str(self.dist_port),
            'RABBITMQ_MNESIA_BASE': path('mnesia'),
            'RABBITMQ_LOG_BASE': path('log'),
            'RABBITMQ_CONFIG_FILE': path('rabbitmq.conf'),
            'RABBITMQ_ENABLED_PLUGINS_FILE': path('enabled_plugins'),
            'RABBITMQ_CONF_ENV_FILE': '/dev/null',
        })
        return env

    def _ctl(self, *args):
        subprocess.run([CTL, '-n', self.nodename] + list(args),
                       env=self.env(), check=True, capture_output=True,
                       timeout=120)

    def stop_app(self):
        """The broker's application stops (every connection drops, the
        node stays), as `rabbitmqctl stop_app`."""
        self._ctl('stop_app')

    def start_app(self):
        began = time.monotonic()
        self._ctl('start_app')
        self.start_seconds.append(time.monotonic() - began)
