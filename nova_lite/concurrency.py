"""Choice of the concurrency backend (Nova's `concurrency_backend`).

Must run before oslo.messaging or oslo.service are imported: eventlet has to
monkey-patch the process first, and oslo.service picks its backend once.
"""
import argparse
import os
import sys

THREADING = 'threading'
EVENTLET = 'eventlet'

_selected = THREADING


def selected():
    return _selected


def register_default_backend_hook():
    try:
        from oslo_service import backend
    except ImportError:  # pragma: no cover - oslo.service always installed
        return
    backend.register_backend_default_hook(
        lambda: backend.BackendType(_selected))


def _configured_backend(argv):
    """Read concurrency_backend from --config-file/--config-dir in argv
    without registering the full option set."""
    from oslo_config import cfg

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--config-file', action='append', default=[])
    parser.add_argument('--config-dir', action='append', default=[])
    known, _ = parser.parse_known_args(argv)
    conf = cfg.ConfigOpts()
    conf.register_opt(cfg.StrOpt('concurrency_backend', default=THREADING))
    args = []
    for path in known.config_file:
        args += ['--config-file', path]
    for path in known.config_dir:
        args += ['--config-dir', path]
    conf(args=args, project='nova-lite', default_config_files=[],
         default_config_dirs=[])
    return os.environ.get('NOVA_LITE_CONCURRENCY_BACKEND',
                          conf.concurrency_backend)


def select(argv=None):
    """Pick the backend from the config files named on the command line."""
    global _selected
    choice = _configured_backend(sys.argv[1:] if argv is None else argv)
    if choice == EVENTLET:
        import eventlet
        eventlet.monkey_patch()
    _selected = choice
    return choice
