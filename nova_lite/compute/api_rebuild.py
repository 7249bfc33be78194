"""Rebuild, external events and server-group lookups in the compute API.

Mixed into nova_lite.compute.api.API: each checks what Nova checks (409 in
a state Nova refuses), records the instance action and casts to the
instance's compute host.
"""
from oslo_log import log as logging

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


def _check_rebuild(context, instance):
    if instance.locked and not context.is_admin:
        raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
    if instance.vm_state not in REBUILD_VM_STATES or not instance.host:
        raise exception.InstanceInvalidState(
            action='rebuild', instance_uuid=instance.uuid, attr='vm_state',
            state=instance.vm_state)
    if instance.task_state is not None:
        raise exception.InstanceInvalidState(
            action='rebuild', instance_uuid=instance.uuid,
            attr='task_state', state=instance.task_state)


class RebuildEventsMixin(object):

    def rebuild(self, context, instance, image_href, admin_password,
                preserve_ephemeral=False, **values):
        """Reinstall `instance` from `image_href` on its host."""
        _check_rebuild(context, instance)
        unknown = set(values) - set(REBUILD_FIELDS)
        if unknown:
            raise exception.Invalid('Cannot rebuild with %s' %
                                    ', '.join(sorted(unknown)))
        if 'metadata' in values:
            from nova_lite.compute import quotas
            quotas.check_metadata_items(context, values['metadata'])
        image = self._validate_image(context, image_href, instance.flavor)
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

    def get_server_group_uuids(self, context, instance):
        """[uuid of the server's group] or [] (server bodies at 2.71)."""
        from nova_lite.compute import server_groups
        return server_groups.group_names_for(context, instance)
