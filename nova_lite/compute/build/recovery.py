"""Builds a compute host holds but may never finish.

At start-up, the builds it owned when it stopped: one it never started
(still in scheduling: its message was lost with the process, or still
waits in the queue) is given back to the conductor to schedule again; one
it had started (networking, block_device_mapping, spawning) cannot be
resumed and goes to ERROR with a fault, its guest, ports and claim
released. Periodically, the same give-back for builds claimed for this
host that no message here holds for longer than [DEFAULT]
unstarted_build_timeout, and ERROR for builds older than [DEFAULT]
instance_build_timeout (Nova's option).
"""
import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import host_operations
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

BUILD_TIMED_OUT = 'Instance build timed out. Set to error state.'


def is_building(instance):
    return (instance.vm_state == vm_states.BUILDING or
            instance.task_state in task_states.BUILD_STATES)


class BuildRecovery(object):
    """guests: the HostGuests of this host; builds: its BuildManager;
    conductor_api: the conductor RPC client; networks: its
    InstanceNetworks (or None)."""

    def __init__(self, guests, builds, conductor_api, networks=None):
        self.host = guests.host
        self.guests = guests
        self.builds = builds
        self.conductor_api = conductor_api
        self.networks = networks

    def resolve_at_start(self, context, instance):
        """Resolve a build interrupted by the restart of this service;
        False when `instance` was not building."""
        if not is_building(instance):
            return False
        if instance.task_state == task_states.SCHEDULING:
            if self._give_back(context, instance):
                LOG.info('Instance %s was claimed for this host but its '
                         'build had not started when the compute service '
                         'stopped; scheduling it again', instance.uuid)
            return True
        LOG.info('Instance %s was building when the compute service '
                 'stopped; setting it to ERROR', instance.uuid)
        self._fail(context, instance,
                   'the compute service restarted during the build')
        return True

    def check_builds(self, context):
        """The periodic pass over this host's builds."""
        build_timeout = CONF.instance_build_timeout
        unstarted_timeout = CONF.unstarted_build_timeout
        if not build_timeout and not unstarted_timeout:
            return
        now = timeutils.utcnow()
        for instance in objects.InstanceList.get_by_host(context, self.host):
            if instance.vm_state != vm_states.BUILDING:
                continue
            if build_timeout and _older(instance.created_at, now,
                                        build_timeout):
                LOG.warning('Build of instance %s took more than %ds',
                            instance.uuid, build_timeout)
                self._fail(context, instance, BUILD_TIMED_OUT,
                           expected_task_state=instance.task_state)
            elif (unstarted_timeout and
                  instance.task_state == task_states.SCHEDULING and
                  _older(instance.updated_at or instance.created_at, now,
                         unstarted_timeout)):
                if self.builds.give_back_if_idle(
                        instance.uuid,
                        lambda: self._give_back(context, instance)):
                    LOG.warning('Instance %s was claimed for this host %ds '
                                'ago and no build request for it arrived; '
                                'scheduling it again', instance.uuid,
                                unstarted_timeout)

    # -- the two outcomes -----------------------------------------------------

    def _give_back(self, context, instance):
        """Take the unstarted build off this host (claim released, no
        host) and ask the conductor to schedule it again; True if done."""
        if not self.conductor_api.can_reschedule_build():
            # A conductor of the previous release cannot take it back.
            self._fail(context, instance,
                       'the compute service restarted before the build '
                       'started', expected_task_state=task_states.SCHEDULING)
            return False
        compute_utils.place(context, instance, None, None)
        instance.launched_on = None
        try:
            instance.save(expected_task_state=[task_states.SCHEDULING])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError):
            return False
        objects.Allocation.release(context, instance.uuid)
        self.conductor_api.reschedule_build(context, instance)
        return True

    def _fail(self, context, instance, reason, expected_task_state=None):
        """ERROR with a fault (if the build is still where it was), then
        its guest, ports and claim released."""
        exc = exception.BuildAbortException(instance_uuid=instance.uuid,
                                            reason=reason)
        instance.vm_state = vm_states.ERROR
        instance.task_state = None
        instance.power_state = power_state.NOSTATE
        try:
            if expected_task_state is not None:
                instance.save(expected_task_state=[expected_task_state])
            else:
                instance.save()
        except host_operations.GONE:
            return
        except exception.UnexpectedTaskStateError:
            # It moved on meanwhile (finished, or deleted): not stuck.
            return
        compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                  self.host)
        self.guests.destroy_quietly(context, instance, 'interrupted build')
        if self.networks is not None:
            try:
                self.networks.deallocate(context, instance)
            except Exception:
                LOG.exception('Could not free the ports of %s',
                              instance.uuid)
        objects.Allocation.release(context, instance.uuid)


def _older(stamp, now, seconds):
    if stamp is None:
        return False
    return timeutils.normalize_time(now) - timeutils.normalize_time(stamp) \
        > datetime.timedelta(seconds=seconds)
