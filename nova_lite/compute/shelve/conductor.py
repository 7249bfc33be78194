"""The conductor's part of an unshelve (Nova's unshelve_instance task).

A SHELVED server still has its guest: its host powers it on again. A
SHELVED_OFFLOADED one is scheduled again with the request spec the API
built (the zone it is pinned to, a requested host), its flavor is claimed
on the chosen host and that host spawns it from the shelved image. When
no host fits, it stays SHELVED_OFFLOADED (task_state cleared) with a
fault; when its shelved image is gone it goes to ERROR, as in Nova.
"""
from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.conductor import claims
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)

_GONE = (exception.InstanceNotFound, exception.UnexpectedTaskStateError)
# Action events, Nova's names.
IMAGE_EVENT = 'get_image_info'
SCHEDULE_EVENT = 'schedule_instances'


class UnshelveTask(object):
    """compute_rpcapi, scheduler_rpcapi: the RPC clients; image_api:
    images (the shelved snapshot)."""

    def __init__(self, compute_rpcapi, scheduler_rpcapi, image_api):
        self.compute_rpcapi = compute_rpcapi
        self.scheduler_rpcapi = scheduler_rpcapi
        self.image_api = image_api

    def unshelve_instance(self, context, instance, request_spec):
        if instance.vm_state == vm_states.SHELVED:
            instance.task_state = task_states.POWERING_ON
            try:
                instance.save(expected_task_state=task_states.UNSHELVING)
            except _GONE:
                return
            LOG.info('Instance %s: powering the shelved guest on at %s '
                     '(request %s)', instance.uuid, instance.host,
                     context.request_id)
            self.compute_rpcapi.start_instance(context, instance)
            return
        if instance.vm_state != vm_states.SHELVED_OFFLOADED:
            LOG.error('Unshelve of instance %s attempted in vm_state %s',
                      instance.uuid, instance.vm_state)
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            instance.save()
            return
        image = self._shelved_image(context, instance)
        if image is None:
            return
        compute_utils.start_action_event(context, instance, SCHEDULE_EVENT)
        try:
            chosen = claims.schedule_and_claim(
                context, self.scheduler_rpcapi, instance, instance.flavor,
                request_spec)
        except Exception as exc:
            compute_utils.finish_action_event(context, instance,
                                              SCHEDULE_EVENT, exc)
            self._not_scheduled(context, instance, exc)
            return
        compute_utils.finish_action_event(context, instance, SCHEDULE_EVENT)
        compute_utils.place(context, instance, chosen['host'],
                            chosen['nodename'], chosen['compute_node_id'])
        instance.availability_zone = \
            availability_zones.get_host_availability_zone(context,
                                                          chosen['host'])
        try:
            instance.save(expected_task_state=[task_states.UNSHELVING])
        except _GONE:
            LOG.info('Instance %s changed while it was scheduled for its '
                     'unshelve; releasing its claim', instance.uuid)
            objects.Allocation.release(context, instance.uuid)
            return
        LOG.info('Instance %s: unshelving on %s (request %s)', instance.uuid,
                 chosen['host'], context.request_id)
        self.compute_rpcapi.unshelve_instance(
            context, instance, chosen['host'], image,
            node=chosen['nodename'])

    def _shelved_image(self, context, instance):
        """The shelved snapshot's image dict; None (the instance in ERROR
        with a fault) when it is gone."""
        image_id = (instance.system_metadata or {}).get('shelved_image_id')
        compute_utils.start_action_event(context, instance, IMAGE_EVENT)
        try:
            if not image_id:
                raise exception.ImageNotFound(image_id='')
            image = self.image_api.get(context, image_id)
        except exception.ImageNotFound as exc:
            compute_utils.finish_action_event(context, instance, IMAGE_EVENT,
                                              exc)
            reason = ('Unshelve attempted but the image %s cannot be '
                      'found.' % image_id)
            LOG.error('Instance %s: %s', instance.uuid, reason)
            compute_utils.add_instance_fault_from_exc(
                context, instance, exception.NovaLiteException(reason))
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            instance.save()
            return None
        compute_utils.finish_action_event(context, instance, IMAGE_EVENT)
        return image

    @staticmethod
    def _not_scheduled(context, instance, exc):
        """No host (or the scheduling failed): the server stays
        SHELVED_OFFLOADED, with a fault saying why."""
        if isinstance(exc, exception.NoValidHost):
            LOG.warning('No valid host to unshelve instance %s: %s',
                        instance.uuid, exc.format_message())
        else:
            LOG.error('Scheduling the unshelve of instance %s failed: %s',
                      instance.uuid, exc)
        compute_utils.add_instance_fault_from_exc(context, instance, exc)
        instance.task_state = None
        try:
            instance.save()
        except exception.InstanceNotFound:
            pass
