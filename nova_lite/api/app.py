"""The pecan applications: the compute API (under /v2.1 and /v2) and the
Glance-shaped image endpoint (under /image/v2)."""
import pecan
from pecan import hooks

from nova_lite.api.controllers import aggregates
from nova_lite.api.controllers import assisted_volume_snapshots
from nova_lite.api.controllers import availability_zone
from nova_lite.api.controllers import compute_images
from nova_lite.api.controllers import extensions
from nova_lite.api.controllers import flavors
from nova_lite.api.controllers import hosts
from nova_lite.api.controllers import hypervisors
from nova_lite.api.controllers import images
from nova_lite.api.controllers import instance_usage_audit_log
from nova_lite.api.controllers import keypairs
from nova_lite.api.controllers import migrations
from nova_lite.api.controllers import networks
from nova_lite.api.controllers import quotas
from nova_lite.api.controllers import remote_consoles
from nova_lite.api.controllers import security_groups
from nova_lite.api.controllers import server_external_events
from nova_lite.api.controllers import server_groups
from nova_lite.api.controllers import servers
from nova_lite.api.controllers import services
from nova_lite.api.controllers import tenant_usage
from nova_lite.api.controllers import volumes
from nova_lite.api.controllers import volumes_boot
from nova_lite.api import faults

ENV_ORIGINAL_ACCEPT = 'nova_lite.original_accept'


class ComputeRoot(object):
    """Root of /v2.1 (and the legacy /v2)."""

    servers = servers.ServersController()
    flavors = flavors.FlavorsController()


pecan.route(ComputeRoot, 'os-services', services.ServicesController())
pecan.route(ComputeRoot, 'os-quota-sets', quotas.QuotaSetsController())
pecan.route(ComputeRoot, 'os-quota-class-sets',
            quotas.QuotaClassSetsController())
pecan.route(ComputeRoot, 'limits', quotas.LimitsController())
pecan.route(ComputeRoot, 'os-simple-tenant-usage',
            tenant_usage.TenantUsagesController())
pecan.route(ComputeRoot, 'os-server-groups',
            server_groups.ServerGroupsController())
pecan.route(ComputeRoot, 'os-server-external-events',
            server_external_events.ServerExternalEventsController())
pecan.route(ComputeRoot, 'os-assisted-volume-snapshots',
            assisted_volume_snapshots.ASSISTED_VOLUME_SNAPSHOTS)
pecan.route(ComputeRoot, 'os-console-auth-tokens',
            remote_consoles.ConsoleAuthTokensController())
pecan.route(ComputeRoot, 'os-hypervisors',
            hypervisors.HypervisorsController())
pecan.route(ComputeRoot, 'os-keypairs', keypairs.KeypairsController())
pecan.route(ComputeRoot, 'os-migrations', migrations.MigrationsController())
pecan.route(ComputeRoot, 'os-aggregates',
            aggregates.AggregatesController())
pecan.route(ComputeRoot, 'os-availability-zone',
            availability_zone.AvailabilityZoneController())
pecan.route(ComputeRoot, 'images', compute_images.ImagesController())
# Deprecated but served from 2.1 on, as in Nova.
pecan.route(ComputeRoot, 'extensions', extensions.EXTENSIONS)
pecan.route(ComputeRoot, 'os-instance_usage_audit_log',
            instance_usage_audit_log.INSTANCE_USAGE_AUDIT_LOG)
# Deprecated at 2.43 (404 from there), as in Nova.
pecan.route(ComputeRoot, 'os-hosts', hosts.HOSTS)
# The old alias of /servers, up to 2.102.
pecan.route(ComputeRoot, 'os-volumes_boot',
            volumes_boot.VolumesBootController())
# Proxies to the network service, up to 2.35.
pecan.route(ComputeRoot, 'os-security-groups', security_groups.GROUPS)
pecan.route(ComputeRoot, 'os-security-group-rules', security_groups.RULES)
pecan.route(ComputeRoot, 'os-networks', networks.NETWORKS)
pecan.route(ComputeRoot, 'os-tenant-networks', networks.TENANT_NETWORKS)
pecan.route(ComputeRoot, 'os-volumes', volumes.VOLUMES)
pecan.route(ComputeRoot, 'os-snapshots', volumes.SNAPSHOTS)


class FaultHook(hooks.PecanHook):
    """Errors raised inside controllers become Nova fault bodies."""

    def on_error(self, state, exc):
        return faults.exception_to_response(exc)


class _PecanApp(object):
    """A pecan app that ignores Accept negotiation (JSON is the only
    representation, as in Nova)."""

    def __init__(self, root):
        self.app = pecan.make_app(root, hooks=[FaultHook()],
                                  force_canonical=False,
                                  guess_content_type_from_ext=False,
                                  debug=False, logging={})

    def __call__(self, environ, start_response):
        if 'HTTP_ACCEPT' in environ:
            environ[ENV_ORIGINAL_ACCEPT] = environ['HTTP_ACCEPT']
        environ['HTTP_ACCEPT'] = '*/*'
        return self.app(environ, start_response)


def compute_app():
    return _PecanApp(ComputeRoot())


def image_app():
    return _PecanApp(images.ImageV2Controller())
