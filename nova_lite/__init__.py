"""nova_lite: a small, faithful re-implementation of OpenStack Compute."""
import warnings

from nova_lite import concurrency

# futurist imports eventlet when it is installed; only its warning is noise.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

concurrency.register_default_backend_hook()
