"""Shelve, shelve offload and unshelve, as the compute API (what the REST
layer calls) does them. The flow, as in Nova:

  shelve      ACTIVE/SHUTOFF/PAUSED/SUSPENDED: task_state shelving, a
              snapshot image "<name>-shelved" is created, cast
              shelve_instance to the host (manager.ShelveManager powers
              the guest off, uploads the snapshot and, with
              shelved_offload_time 0, offloads at once)
  offload     SHELVED: task_state shelving_offloading, cast
              shelve_offload_instance (guest and disks destroyed, claims
              released, host and node cleared: SHELVED_OFFLOADED)
  unshelve    SHELVED or SHELVED_OFFLOADED: task_state unshelving, the
              conductor (conductor.UnshelveTask) powers a SHELVED guest on
              where it is, or schedules an offloaded one again (2.77
              availability_zone, 2.91 host and availability_zone null to
              unpin)
"""
from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite.compute import guards
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import shelve as shelve_policy

LOG = logging.getLogger(__name__)

SHELVE_VM_STATES = (vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                    vm_states.SUSPENDED)
UNSHELVE_VM_STATES = (vm_states.SHELVED, vm_states.SHELVED_OFFLOADED)

# unshelve(new_az=...) not given at all (keep the zone the server is
# pinned to), as opposed to None (unpin it).
KEEP_AZ = object()


class ShelveAPI(object):
    """conductor: the conductor RPC client (unshelve); compute_rpcapi: the
    compute RPC client; image_api: images (the shelved snapshot);
    create_image(context, instance, name, image_type): the queued
    snapshot image record (SnapshotAPI.create_image)."""

    def __init__(self, conductor, compute_rpcapi, image_api, create_image):
        self.conductor = conductor
        self.compute_rpcapi = compute_rpcapi
        self.image_api = image_api
        self.create_image = create_image

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=SHELVE_VM_STATES)
    def shelve(self, context, instance, clean_shutdown=True):
        sysmeta = dict(instance.system_metadata or {})
        sysmeta['image_base_image_ref'] = instance.image_ref
        instance.system_metadata = sysmeta
        instance.task_state = task_states.SHELVING
        instance.save(expected_task_state=[None])
        compute_utils.start_action(context, instance, 'shelve')
        try:
            image = self.create_image(
                context, instance, '%s-shelved' % instance.display_name,
                'snapshot')
        except Exception:
            # Without an image record there is nothing to shelve to.
            instance.task_state = None
            instance.save(expected_task_state=[task_states.SHELVING])
            raise
        LOG.info('Instance %s shelving to image %s (request %s)',
                 instance.uuid, image['id'], context.request_id)
        self.compute_rpcapi.shelve_instance(context, instance, image['id'],
                                            clean_shutdown=clean_shutdown)

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=(vm_states.SHELVED,))
    def shelve_offload(self, context, instance, clean_shutdown=True):
        instance.task_state = task_states.SHELVING_OFFLOADING
        instance.save(expected_task_state=[None])
        compute_utils.start_action(context, instance, 'shelveOffload')
        LOG.info('Instance %s shelve offloading (request %s)',
                 instance.uuid, context.request_id)
        self.compute_rpcapi.shelve_offload_instance(
            context, instance, clean_shutdown=clean_shutdown)

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=UNSHELVE_VM_STATES)
    def unshelve(self, context, instance, new_az=KEEP_AZ, host=None):
        """new_az: a zone to pin the server to, None to unpin it, KEEP_AZ
        to keep its pin; host: the host to unshelve to (admins)."""
        az_given = new_az is not KEEP_AZ
        if host:
            context.can(shelve_policy.POLICY_ROOT % 'unshelve_to_host',
                        {'project_id': instance.project_id})
        if (az_given or host) and \
                instance.vm_state != vm_states.SHELVED_OFFLOADED:
            raise exception.UnshelveInstanceInvalidState(instance_uuid=instance.uuid,
                                               state=instance.vm_state)
        node = compute_utils.node_of_host(context, host) if host else None
        if az_given and new_az:
            available, _ = availability_zones.get_availability_zones(
                context.elevated())
            if new_az not in available:
                raise exception.Invalid(
                    'The requested availability zone is not available')
        zone = new_az if az_given else instance.pinned_availability_zone
        if host and zone and availability_zones.get_host_availability_zone(
                context.elevated(), host) != zone:
            raise exception.UnshelveHostNotInAZ(host=host, availability_zone=zone)

        if az_given:
            instance.pinned_availability_zone = new_az
        instance.task_state = task_states.UNSHELVING
        instance.save(expected_task_state=[None])
        compute_utils.start_action(context, instance, 'unshelve')
        request_spec = objects.RequestSpec.from_instance(
            context, instance, destination=node)
        # The zone it is pinned to now, none when unpinned.
        request_spec.availability_zone = zone
        LOG.info('Instance %s unshelving (request %s)', instance.uuid,
                 context.request_id)
        self.conductor.unshelve_instance(context, instance, request_spec)

    def delete_shelved_image(self, context, instance):
        """On delete of a shelved server: its snapshot goes too (as in
        Nova, a failure to delete it does not stop the delete)."""
        if instance.vm_state not in UNSHELVE_VM_STATES:
            return
        image_id = (instance.system_metadata or {}).get('shelved_image_id')
        if not image_id:
            return
        try:
            self.image_api.delete(context, image_id)
        except (exception.NotFound, exception.NotAuthorized) as exc:
            LOG.warning('Could not delete the shelved image of %s: %s',
                        instance.uuid, exc)
        except Exception:
            LOG.exception('Could not delete shelved image %s of %s',
                          image_id, instance.uuid)
