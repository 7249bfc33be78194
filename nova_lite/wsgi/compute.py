"""The Compute API as a WSGI application: ``nova_lite.wsgi.compute:application``.

The configuration comes from the environment, as Nova's does:
``OS_NOVA_LITE_CONFIG_DIR`` (default /etc/nova-lite) and
``OS_NOVA_LITE_CONFIG_FILES`` (';'-separated names in that directory,
default nova-lite.conf). The application is built on first use in each
process, so a server that forks its workers after importing this module
(uWSGI without lazy-apps, gunicorn --preload) still opens its RabbitMQ
connections in the worker.
"""
import os
import sys
import threading

CONFIG_DIR = '/etc/nova-lite'
CONFIG_FILES = 'nova-lite.conf'


def config_files(environ=None):
    environ = os.environ if environ is None else environ
    directory = environ.get('OS_NOVA_LITE_CONFIG_DIR', CONFIG_DIR).strip()
    names = environ.get('OS_NOVA_LITE_CONFIG_FILES', CONFIG_FILES)
    return [os.path.join(directory, name.strip())
            for name in names.split(';') if name.strip()]


def _build():
    from nova_lite.cmd import common
    argv = [sys.argv[0] if sys.argv else 'nova-lite-api']
    for path in config_files():
        argv += ['--config-file', path]
    conf = common.parse_args(argv, default_config_files=[])
    common.init_rpc_and_objects(conf)
    from nova_lite.api import wsgi
    return wsgi.build_app(conf)


class _LazyApplication(object):
    def __init__(self):
        self._app = None
        self._pid = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self._app is None or self._pid != os.getpid():
            with self._lock:
                if self._app is None or self._pid != os.getpid():
                    self._app = _build()
                    self._pid = os.getpid()
        return self._app(environ, start_response)


application = _LazyApplication()
