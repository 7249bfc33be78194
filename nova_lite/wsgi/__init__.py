"""WSGI application modules for operators' own servers (uWSGI, gunicorn,
mod_wsgi), as Nova ships nova.wsgi.osapi_compute."""
