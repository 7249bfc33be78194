"""Horizon's WSGI application with its collected static files served by
WhiteNoise (no Apache in front of it here). Loaded by gunicorn from
tools/start-horizon.sh with the WORKDIR's conf directory on PYTHONPATH.
gunicorn mounts it at WEBROOT (SCRIPT_NAME), so the paths it sees are
below WEBROOT: WhiteNoise's prefix is STATIC_URL without it."""
from django.conf import settings
from whitenoise import WhiteNoise

from openstack_dashboard.wsgi import application as dashboard

_prefix = settings.STATIC_URL
if _prefix.startswith(settings.WEBROOT):
    _prefix = _prefix[len(settings.WEBROOT) - 1:]

application = WhiteNoise(dashboard, root=settings.STATIC_ROOT,
                         prefix=_prefix)
