"""Keeping the database's view of a guest's power in line with the
hypervisor's, as Nova's compute manager does.

Two paths reach the same decision (sync_instance):

- lifecycle events: the driver calls handle_lifecycle_event(uuid,
  power_state) when a guest changes state on its own (libvirt: a guest
  shut down from inside, a crash, QEMU killed);
- the periodic sync_power_states task ([DEFAULT] sync_power_state_interval),
  which asks the driver for every instance of this host.

An instance with a task_state is in the middle of an operation that will
set its states itself: it is left alone. Otherwise power_state takes the
hypervisor's value and, like Nova, an ACTIVE (or PAUSED) instance whose
guest went off becomes STOPPED (status SHUTOFF), and a STOPPED instance
whose guest runs is powered off again.
"""
import collections
import threading

from oslo_log import log as logging

from nova_lite.compute import power_state
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

_OFF = (power_state.SHUTDOWN, power_state.CRASHED)
# vm_states whose power state Nova does not act on.
_LEAVE_ALONE = (vm_states.BUILDING, vm_states.RESCUED, vm_states.RESIZED,
                vm_states.SUSPENDED, vm_states.ERROR)


class PowerStateSync(object):
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self._locks = collections.defaultdict(threading.Lock)
        self._locks_guard = threading.Lock()

    def _lock(self, uuid):
        with self._locks_guard:
            return self._locks[uuid]

    def _driver_power_state(self, instance):
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    # -- the two entry points -------------------------------------------------

    def handle_lifecycle_event(self, instance_uuid, vm_power_state):
        """The driver's event listener: callback(instance_uuid,
        power_state), called from the driver's dispatcher thread."""
        context = nl_context.get_admin_context()
        try:
            instance = objects.Instance.get_by_uuid(context, instance_uuid)
        except exception.InstanceNotFound:
            return  # not ours (another deployment), or deleted meanwhile
        if instance.host != self.host:
            return
        LOG.info('Lifecycle event for instance %s: power_state %s (%s)',
                 instance_uuid, vm_power_state,
                 power_state.STATE_MAP.get(vm_power_state, '?'))
        self.sync_instance(context, instance, vm_power_state)

    def sync_power_states(self, context):
        """Periodic: compare every instance of this host with its guest."""
        try:
            instances = objects.InstanceList.get_by_host(context, self.host)
        except Exception:
            LOG.exception('Could not list the instances of %s for the '
                          'power state sync', self.host)
            return
        for instance in instances:
            if instance.task_state is not None:
                LOG.debug('Power state sync: %s has a pending task (%s); '
                          'skipped', instance.uuid, instance.task_state)
                continue
            try:
                self.sync_instance(context, instance,
                                   self._driver_power_state(instance))
            except Exception:
                LOG.exception('Power state sync of %s failed', instance.uuid)

    # -- the decision -----------------------------------------------------

    def sync_instance(self, context, instance, vm_power_state):
        with self._lock(instance.uuid):
            try:
                self._sync(context, instance, vm_power_state)
            except (exception.InstanceNotFound,
                    exception.UnexpectedTaskStateError):
                # Deleted, or an operation started meanwhile: it owns the
                # states now.
                LOG.debug('Power state sync of %s raced with an operation',
                          instance.uuid)

    def _sync(self, context, instance, vm_power_state):
        if instance.task_state is not None:
            LOG.info('Instance %s has a pending task (%s); its power state '
                     'is not synced now', instance.uuid, instance.task_state)
            return
        vm_state = instance.vm_state
        if instance.power_state != vm_power_state:
            LOG.info('Instance %s: power_state %s -> %s (hypervisor)',
                     instance.uuid, instance.power_state, vm_power_state)
            instance.power_state = vm_power_state
            instance.save(expected_task_state=[None])
        if vm_state in _LEAVE_ALONE:
            return
        if vm_state == vm_states.ACTIVE:
            if vm_power_state in _OFF + (power_state.SUSPENDED,):
                LOG.warning('Instance %s shut down by itself; stopping it',
                            instance.uuid)
                self._stop(context, instance, clean=True)
            elif vm_power_state == power_state.PAUSED:
                LOG.warning('Instance %s is paused unexpectedly; ignored',
                            instance.uuid)
            elif vm_power_state == power_state.NOSTATE:
                LOG.warning('Guest of instance %s is unexpectedly not found; '
                            'ignored', instance.uuid)
        elif vm_state == vm_states.STOPPED:
            if vm_power_state not in (power_state.NOSTATE,) + _OFF:
                LOG.warning('Instance %s is not stopped; powering it off',
                            instance.uuid)
                self._stop(context, instance, clean=False)
        elif vm_state == vm_states.PAUSED:
            if vm_power_state in _OFF:
                LOG.warning('Paused instance %s shut down by itself; '
                            'stopping it', instance.uuid)
                self._stop(context, instance, clean=False)

    def _stop(self, context, instance, clean):
        """What Nova's stop API ends in, done here: the guest off, the
        instance STOPPED, a 'stop' action recorded."""
        compute_utils.start_action(context, instance, 'stop')
        with compute_utils.ActionEvent(context, instance,
                                       'compute_stop_instance', self.host):
            try:
                self.driver.power_off(
                    instance, CONF.shutdown_timeout if clean else 0)
            except exception.InstanceNotFound:
                pass
            instance.power_state = self._driver_power_state(instance)
            instance.vm_state = vm_states.STOPPED
            instance.save(expected_task_state=[None])
        LOG.info('Instance %s is STOPPED (power state sync)', instance.uuid)
