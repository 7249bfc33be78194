"""Rebuild and external events in the compute API: each checks what Nova
checks (409 in a state Nova refuses), records the instance action and
casts to the instance's compute host (manager.RebuildManager)."""
from oslo_log import log as logging

from nova_lite.compute.boot_from_volume import image_operations as \
    bfv_images
from nova_lite.compute.boot_from_volume import volume_api as volume_api_mod
from nova_lite.compute import guards
from nova_lite.compute import image_checks
from nova_lite.compute import quotas
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception

LOG = logging.getLogger(__name__)

REBUILD_VM_STATES = (vm_states.ACTIVE, vm_states.STOPPED, vm_states.ERROR)
# Instance fields a rebuild request may change.
REBUILD_FIELDS = ('display_name', 'display_description', 'key_name',
                  'user_data', 'hostname', 'metadata', 'access_ip_v4',
                  'access_ip_v6')


class RebuildAPI(object):
    """compute_rpcapi: the compute RPC client; image_api: images."""

    def __init__(self, compute_rpcapi, image_api, volume_api=None):
        self.compute_rpcapi = compute_rpcapi
        self.image_api = image_api
        self.volume_api = volume_api or volume_api_mod.LazyVolumeAPI()

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=REBUILD_VM_STATES,
                                 must_have_host=True)
    def rebuild(self, context, instance, image_href, admin_password,
                preserve_ephemeral=False, **values):
        """Reinstall `instance` from `image_href` on its host."""
        unknown = set(values) - set(REBUILD_FIELDS)
        if unknown:
            raise exception.Invalid('Cannot rebuild with %s' %
                                    ', '.join(sorted(unknown)))
        if 'metadata' in values:
            quotas.check_metadata_items(context, values['metadata'])
        image = image_checks.bootable_image(self.image_api, context,
                                            image_href, instance.flavor)
        bfv_images.check_rebuild_image(self.volume_api, context, instance,
                                       image['id'])
        orig_image_ref = instance.image_ref
        compute_utils.start_action(context, instance, 'rebuild')
        for name, value in values.items():
            setattr(instance, name, dict(value or {}) if name == 'metadata'
                    else value)
        instance.image_ref = image['id']
        instance.system_metadata = \
            compute_utils.replace_image_system_metadata(
                instance.system_metadata, image, instance.flavor)
        instance.task_state = task_states.REBUILDING
        instance.progress = 0
        instance.save(expected_task_state=[None])
        LOG.info('Instance %s rebuilding from image %s (request %s)',
                 instance.uuid, image['id'], context.request_id)
        self.compute_rpcapi.rebuild_instance(
            context, instance, image, orig_image_ref,
            admin_password=admin_password,
            preserve_ephemeral=preserve_ephemeral)
        return instance

    def external_instance_event(self, context, instances, events):
        """Cast each host its instances' events (dicts with name, tag,
        status, server_uuid)."""
        per_host = {}
        for instance, event in zip(instances, events):
            host_instances, host_events = per_host.setdefault(
                instance.host, ({}, []))
            host_instances[instance.uuid] = instance
            host_events.append(event)
        for host, (host_instances, host_events) in per_host.items():
            self.compute_rpcapi.external_instance_event(
                context, list(host_instances.values()), host_events,
                host=host)
