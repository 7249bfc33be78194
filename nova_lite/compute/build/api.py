"""Server create in the compute API: validate the request as Nova does,
create the instance records (building/scheduling) and cast the build to
the conductor (conductor.BuildTask schedules, claims and hands each
instance to a compute host)."""
import re

from oslo_log import log as logging
from oslo_utils import excutils
from oslo_utils import uuidutils

from nova_lite import availability_zones
from nova_lite.compute.boot_from_volume import api as bfv_api
from nova_lite.compute.boot_from_volume import requests as bdm_requests
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
from nova_lite.objects import request_spec as request_spec_obj

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

    def __init__(self, conductor, image_api, network_validator=None,
                 boot_volumes=None):
        self.conductor = conductor
        self.image_api = image_api
        self.network_validator = network_validator or \
            network_requests.Validator()
        # Block device mappings and their volumes (Cinder on first use).
        self.boot_volumes = boot_volumes or bfv_api.BootVolumesAPI(
            image_api)

    def _boot_image(self, context, image_href, flavor, bdms, legacy_bdm,
                    min_count, max_count):
        """The image metadata to boot from and the server's mappings,
        checked as Nova checks them (the image's, or that of the root
        volume when there is no imageRef)."""
        if image_href:
            image = self.image_api.get(context, image_href)
        else:
            image = self.boot_volumes.boot_image_meta(context, bdms)
        bdms = self.boot_volumes.transform(image_href, image, min_count,
                                           max_count, bdms, legacy_bdm)
        root = bdm_requests.root_of(bdms)
        volume_backed = root is not None and bdm_requests.is_volume(root)
        if image:
            image_checks.check_flavor_image(context, image, flavor,
                                            volume_backed=volume_backed)
            if volume_backed:
                bfv_api.check_root_volume(image, root)
        return image, bdms, volume_backed

    def create(self, context, flavor_id, image_href, name, description=None,
               min_count=1, max_count=1, key_name=None, user_data=None,
               metadata=None, availability_zone=None, hostname=None,
               scheduler_hints=None, config_drive=None, access_ip_v4=None,
               access_ip_v6=None, requested_networks=None, tags=None,
               security_groups=None, block_device_mapping=None,
               legacy_bdm=True, supports_multiattach=False):
        min_count = min_count or 1
        max_count = max_count or min_count
        if min_count > max_count:
            raise exception.Invalid('min_count must be <= max_count')
        flavor = objects.Flavor.get_by_flavor_id(context, str(flavor_id))
        if flavor.disabled:
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        image, bdms, volume_backed = self._boot_image(
            context, image_href, flavor, block_device_mapping or [],
            legacy_bdm, min_count, max_count)
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
        volumes = self.boot_volumes.volumes_for(context, bdms)
        self.boot_volumes.check_multiattach(volumes, supports_multiattach)
        availability_zone = self.boot_volumes.volume_zone(
            availability_zone, volumes) or availability_zone
        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        # What every instance of the request has.
        common = dict(
            user_id=context.user_id, project_id=context.project_id,
            image_ref=image_href, display_description=description,
            instance_type_id=flavor.id, flavor=flavor,
            vm_state=vm_states.BUILDING, task_state=task_states.SCHEDULING,
            power_state=power_state.NOSTATE,
            memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
            root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
            key_name=key_name, key_data=key_data, user_data=user_data,
            metadata=dict(metadata or {}),
            system_metadata=dict(
                compute_utils.system_metadata_from_image(image, flavor,
                                                         image_href),
                **request_spec_obj.build_request_system_metadata(
                    requested_networks, security_groups)),
            availability_zone=availability_zone,
            reservation_id=reservation_id,
            config_drive='True' if config_drive else '',
            access_ip_v4=access_ip_v4, access_ip_v6=access_ip_v6,
            locked=False, progress=0,
            scheduler_hints={k: (v if isinstance(v, str) or v is None
                                 else str(v))
                             for k, v in (scheduler_hints or {}).items()},
            pinned_availability_zone=availability_zone, hidden=False)
        image_cache = {}
        instances = []
        reserved = []
        try:
            for index in range(max_count):
                instance_bdms = self.boot_volumes.validate(
                    context, image_href, flavor, bdms, volumes, image_cache)
                self._create_instance(
                    context, instances, common, index, max_count, name,
                    hostname, tags, instance_bdms, reserved)
            self._cast_build(context, instances, flavor, image,
                             availability_zone, forced_host, forced_node,
                             scheduler_hints, group, requested_networks,
                             security_groups, volume_backed)
        except Exception:
            with excutils.save_and_reraise_exception():
                self.boot_volumes.unreserve(context, reserved)
                self._undo(context, instances)
        return instances, reservation_id

    def _cast_build(self, context, instances, flavor, image,
                    availability_zone, forced_host, forced_node,
                    scheduler_hints, group, requested_networks,
                    security_groups, volume_backed):
        quotas.recheck_or_undo(context, flavor, instances)
        server_groups.add_members(context, group, instances)
        request_spec = objects.RequestSpec.from_components(
            context, flavor, image.get('id'),
            compute_utils.image_properties(image), availability_zone,
            forced_host, forced_node, len(instances), scheduler_hints, group,
            requested_networks=requested_networks,
            security_groups=security_groups, is_bfv=volume_backed)
        filter_properties = {'scheduler_hints': scheduler_hints or {}}
        for instance in instances:
            LOG.info('Instance %s created: building/scheduling (request %s)',
                     instance.uuid, context.request_id)
        self.conductor.build_instances(context, instances, image,
                                       request_spec, filter_properties)

    def _create_instance(self, context, instances, common, index, count,
                         name, hostname, tags, bdms, reserved):
        """Instance `index` of `count` of the request, with the `common`
        values, appended to `instances`; its existing volumes reserved for
        it first (the mappings with attachments go into `reserved`, for the
        caller to release if the request fails)."""
        display_name = name
        if count > 1 and name:
            display_name = '%s-%d' % (name, index + 1)
        values = dict(common, metadata=dict(common['metadata']),
                      system_metadata=dict(common['system_metadata']))
        instance = objects.Instance(
            context, uuid=uuidutils.generate_uuid(),
            display_name=display_name,
            hostname=hostname if hostname and count == 1 else
            sanitize_hostname(display_name, 'server-%d' % (index + 1)),
            launch_index=index, **values)
        reserved.extend(self.boot_volumes.reserve(context, instance.uuid,
                                                  bdms))
        # Listed before the create: a create whose answer is lost (the
        # conductor died after the commit) is undone all the same.
        instances.append(instance)
        instance.create(block_device_mappings=bfv_api.mapping_objects(
            context, bdms))
        if tags:
            instance.tags = objects.TagList.create(
                context, instance.uuid, tags).names()
        compute_utils.start_action(context, instance, 'create')
        return instance

    def _undo(self, context, instances):
        """A create that fails half-way (the conductor, the broker or the
        database went away) leaves no server behind. The conductor's calls
        that timed out may still run later, so the conductor is told to
        abandon the instances (nova_lite.compute.build.abandon), which holds
        in either order; an older conductor gets the plain deletes."""
        if not instances:
            return
        if self.conductor.can_abandon_builds():
            try:
                self.conductor.abandon_builds(context, instances)
                return
            except Exception:
                LOG.warning('Could not ask a conductor to abandon the '
                            'instances of a failed create (%s); deleting '
                            'them here', ', '.join(i.uuid for i in instances))
        _destroy_each(instances)


def _destroy_each(instances):
    for instance in instances:
        try:
            instance.destroy()
        except exception.InstanceNotFound:
            pass
        except Exception:
            LOG.warning('Could not delete instance %s of a failed create; '
                        'it will be scheduled by the conductor later',
                        instance.uuid)
