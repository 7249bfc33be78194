"""A hypervisor that runs nothing: for tests and benchmarks.

Each operation can be given a delay ([fake_driver] *_delay) to model a real
hypervisor. Its guests are kept in a JSON file under state_path, so, like
real domains, they outlive a restart of the compute daemon.
"""
import json
import os
import threading
import time

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import power_state
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.virt import driver

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class FakeDriver(driver.ComputeDriver):
    def __init__(self, virtapi=None):
        super().__init__(virtapi)
        self._lock = threading.Lock()
        self._guests = {}
        self._host = None
        self._state_file = None

    # -- persistence ----------------------------------------------------------

    def init_host(self, host):
        self._host = host
        self._state_file = os.path.join(CONF.state_path,
                                        'fake-driver-%s.json' % host)
        try:
            with open(self._state_file) as f:
                self._guests = json.load(f)
        except (OSError, ValueError):
            self._guests = {}

    def _save(self):
        if not self._state_file:
            return
        os.makedirs(os.path.dirname(self._state_file), exist_ok=True)
        tmp = self._state_file + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(self._guests, f)
        os.replace(tmp, self._state_file)

    def _set_state(self, instance, state, **extra):
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            guest['state'] = state
            guest.update(extra)
            self._save()

    @staticmethod
    def _delay(name):
        seconds = getattr(CONF.fake_driver, name)
        if seconds:
            time.sleep(seconds)

    # -- host ---------------------------------------------------------------

    def get_available_nodes(self):
        return [self._host or CONF.host]

    def get_available_resource(self, nodename):
        return {
            'vcpus': CONF.fake_driver.vcpus,
            'memory_mb': CONF.fake_driver.memory_mb,
            'local_gb': CONF.fake_driver.local_gb,
            'hypervisor_type': 'fake',
            'hypervisor_version': 1000,
            'hypervisor_hostname': nodename,
            'cpu_info': json.dumps({'arch': 'x86_64', 'model': 'fake',
                                    'vendor': 'nova_lite',
                                    'topology': {'sockets': 1, 'cores':
                                                 CONF.fake_driver.vcpus,
                                                 'threads': 1},
                                    'features': []}),
            'disk_available_least': CONF.fake_driver.local_gb,
        }

    def list_instance_uuids(self):
        with self._lock:
            return list(self._guests)

    def get_info(self, instance):
        with self._lock:
            guest = self._guests.get(instance.uuid)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return driver.InstanceInfo(state=guest['state'])

    # -- guest operations -----------------------------------------------------

    def spawn(self, context, instance, image_meta, network_info=None,
              block_device_info=None):
        if self._host in CONF.fake_driver.fail_spawn_hosts:
            raise exception.NovaLiteException(
                'Fake spawn failure on host %s' % self._host)
        self._delay('spawn_delay')
        with self._lock:
            self._guests[instance.uuid] = {
                'state': power_state.RUNNING, 'boots': 1,
                'name': instance.display_name,
                'started_at': timeutils.utcnow().isoformat()}
            self._save()

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        self._delay('destroy_delay')
        with self._lock:
            self._guests.pop(instance.uuid, None)
            self._save()

    def reboot(self, context, instance, reboot_type):
        self._delay('power_delay')
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            guest['state'] = power_state.RUNNING
            guest['boots'] = guest.get('boots', 1) + 1
            self._save()

    def power_off(self, instance, timeout=0):
        self._delay('power_delay')
        self._set_state(instance, power_state.SHUTDOWN)

    def power_on(self, context, instance):
        self._delay('power_delay')
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            guest['state'] = power_state.RUNNING
            guest['boots'] = guest.get('boots', 1) + 1
            self._save()

    def pause(self, instance):
        self._delay('power_delay')
        self._set_state(instance, power_state.PAUSED)

    def unpause(self, instance):
        self._delay('power_delay')
        self._set_state(instance, power_state.RUNNING)

    def suspend(self, context, instance):
        self._delay('power_delay')
        self._set_state(instance, power_state.SUSPENDED)

    def resume(self, context, instance):
        self._delay('power_delay')
        self._set_state(instance, power_state.RUNNING)

    def get_console_output(self, context, instance):
        with self._lock:
            guest = self._guests.get(instance.uuid)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        lines = []
        for boot in range(1, guest.get('boots', 1) + 1):
            lines.append('FAKE CONSOLE OUTPUT boot %d of %s' %
                         (boot, instance.uuid))
            lines.append('%s login:' % (instance.hostname or 'fake'))
        return '\n'.join(lines) + '\n'
