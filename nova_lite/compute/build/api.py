"""Server create in the compute API: validate the request as Nova does,
create the instance records (building/scheduling) and cast the build to
the conductor (conductor.BuildTask schedules, claims and hands each
instance to a compute host)."""
import re

from oslo_log import log as logging
from oslo_utils import uuidutils

from nova_lite import availability_zones
from nova_lite.compute import image_checks
from nova_lite.compute import keypairs as keypair_api
from nova_lite.compute import power_state
from nova_lite.compute import quotas
from nova_lite.compute import server_groups
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite.network import requests as network_requests
from nova_lite import objects

LOG = logging.getLogger(__name__)

_HOSTNAME_INVALID = re.compile(r'[^\w.-]+', re.ASCII)


def sanitize_hostname(name, default='server'):
    """Turn a display name into a hostname the way Nova does."""
    hostname = (name or '').lower()
    hostname = re.sub(r'[ _]', '-', hostname)
    hostname = _HOSTNAME_INVALID.sub('', hostname)
    hostname = hostname.replace('_', '-')
    hostname = hostname.strip('.-')[:63].strip('.-')
    return hostname or default


class BuildAPI(object):
    """conductor: the conductor RPC client; image_api: images."""

    def __init__(self, conductor, image_api, network_validator=None):
        self.conductor = conductor
        self.image_api = image_api
        self.network_validator = network_validator or \
            network_requests.Validator()

    def create(self, context, flavor_id, image_href, name, description=None,
               min_count=1, max_count=1, key_name=None, user_data=None,
               metadata=None, availability_zone=None, hostname=None,
               scheduler_hints=None, config_drive=None, access_ip_v4=None,
               access_ip_v6=None, requested_networks=None, tags=None,
               security_groups=None):
        min_count = min_count or 1
        max_count = max_count or min_count
        if min_count > max_count:
            raise exception.Invalid('min_count must be <= max_count')
        flavor = objects.Flavor.get_by_flavor_id(context, str(flavor_id))
        if flavor.disabled:
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        image = image_checks.bootable_image(self.image_api, context,
                                            image_href, flavor)
        key_data = keypair_api.key_data_for(context, key_name) \
            if key_name is not None else None
        availability_zone, forced_host, forced_node = \
            availability_zones.validate_requested(context, availability_zone)
        quotas.check_metadata_items(context, metadata)
        max_count = quotas.check_num_instances(context, flavor, min_count,
                                               max_count)
        requested_networks = network_requests.from_api(requested_networks)
        allowed = self.network_validator.validate(
            context, requested_networks, max_count,
            security_groups=security_groups)
        if allowed < min_count:
            raise exception.PortLimitExceeded()
        max_count = allowed
        group = server_groups.requested_group(context, scheduler_hints)
        if group is not None:
            server_groups.check_members_quota(context, group, max_count)
        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        instances = []
        for index in range(max_count):
            display_name = name
            if max_count > 1 and name:
                display_name = '%s-%d' % (name, index + 1)
            instance = objects.Instance(
                context,
                uuid=uuidutils.generate_uuid(),
                user_id=context.user_id, project_id=context.project_id,
                image_ref=image['id'], display_name=display_name,
                display_description=description,
                hostname=hostname if hostname and max_count == 1 else
                sanitize_hostname(display_name, 'server-%d' % (index + 1)),
                instance_type_id=flavor.id, flavor=flavor,
                vm_state=vm_states.BUILDING,
                task_state=task_states.SCHEDULING,
                power_state=power_state.NOSTATE,
                memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
                root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
                key_name=key_name, key_data=key_data, user_data=user_data,
                metadata=dict(metadata or {}),
                system_metadata=compute_utils.system_metadata_from_image(
                    image, flavor),
                availability_zone=availability_zone,
                reservation_id=reservation_id, launch_index=index,
                config_drive='True' if config_drive else '',
                access_ip_v4=access_ip_v4, access_ip_v6=access_ip_v6,
                locked=False, progress=0,
                scheduler_hints={k: (v if isinstance(v, str) or v is None
                                     else str(v))
                                 for k, v in (scheduler_hints or {}).items()},
                pinned_availability_zone=availability_zone, hidden=False)
            instance.create()
            if tags:
                instance.tags = objects.TagList.create(
                    context, instance.uuid, tags).names()
            compute_utils.start_action(context, instance, 'create')
            instances.append(instance)
        quotas.recheck_or_undo(context, flavor, instances)
        server_groups.add_members(context, group, instances)
        request_spec = objects.RequestSpec.from_components(
            context, flavor, image['id'],
            compute_utils.image_properties(image), availability_zone,
            forced_host, forced_node, len(instances), scheduler_hints, group,
            requested_networks=requested_networks,
            security_groups=security_groups)
        filter_properties = {'scheduler_hints': scheduler_hints or {}}
        for instance in instances:
            LOG.info('Instance %s created: building/scheduling (request %s)',
                     instance.uuid, context.request_id)
        self.conductor.build_instances(context, instances, image,
                                       request_spec, filter_properties)
        return instances, reservation_id
