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
from nova_lite.compute import task_states
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.virt import driver
from nova_lite.virt.fake import migration as fake_migration
from nova_lite.virt.fake import volumes as fake_volumes

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class FakeDriver(fake_migration.FakeMigrationMixin, driver.ComputeDriver):
    capabilities = dict(driver.ComputeDriver.capabilities,
                        supports_multiattach=True,
                        supports_tagged_attach_volume=True,
                        supports_extend_volume=True)

    def __init__(self, virtapi=None):
        super().__init__(virtapi)
        self._lock = threading.Lock()
        self._guests = {}
        self._host = None
        self._state_file = None
        self.volumes = fake_volumes.FakeVolumes(
            lambda: self._guests, self._lock, self._save,
            lambda: self._host)

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
                'image': (image_meta or {}).get('id')
                if isinstance(image_meta, dict) else None,
                'started_at': timeutils.utcnow().isoformat(),
                # Like Nova's fake driver: takes the VIFs, waits for no
                # network-vif-plugged event.
                'vifs': [vif['id'] for vif in network_info or []],
                'volumes': fake_volumes.from_block_device_info(
                    block_device_info)}
            self._save()

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        self._delay('destroy_delay')
        with self._lock:
            self._guests.pop(instance.uuid, None)
            self._save()

    def attach_interface(self, context, instance, image_meta, vif):
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            vifs = guest.setdefault('vifs', [])
            if vif['id'] not in vifs:
                vifs.append(vif['id'])
            self._save()

    def detach_interface(self, context, instance, vif):
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None or vif['id'] not in guest.get('vifs', []):
                raise exception.NotFound('Port %s is not plugged into %s'
                                         % (vif['id'], instance.uuid))
            guest['vifs'].remove(vif['id'])
            self._save()

    # -- volumes ------------------------------------------------------------

    def get_volume_connector(self, instance):
        return self.volumes.connector(instance)

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        self.volumes.attach(instance, connection_info, mountpoint, disk_bus,
                            device_type)

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        self.volumes.detach(instance, connection_info, mountpoint)

    def swap_volume(self, context, old_connection_info, new_connection_info,
                    instance, mountpoint, resize_to):
        self.volumes.swap(instance, new_connection_info, mountpoint,
                          resize_to)

    def extend_volume(self, context, connection_info, instance,
                      requested_size):
        self.volumes.extend(instance, connection_info, requested_size)

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        self.volumes.snapshot_create(instance, volume_id, create_info)

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        self.volumes.snapshot_delete(instance, volume_id, snapshot_id,
                                     delete_info)

    def vifs(self, instance):
        """The port ids plugged into the guest (tests)."""
        with self._lock:
            return list(self._guests.get(instance.uuid, {}).get('vifs', []))

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

    def power_update_event(self, instance, target_power_state):
        # Ironic-style: the machine's power changed outside nova_lite.
        self._set_state(instance, power_state.RUNNING
                        if target_power_state == 'POWER_ON'
                        else power_state.SHUTDOWN)

    def snapshot(self, context, instance, image_id, update_task_state):
        """Upload a small raw "disk" describing the guest (the fake
        driver boots any image, so a server can boot from it)."""
        guest = self._guest(instance)
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        self._delay('power_delay')
        header = json.dumps({'fake_disk_of': instance.uuid,
                             'image': guest.get('image'),
                             'boots': guest.get('boots', 1)},
                            sort_keys=True).encode()
        data = header.ljust(64 * 1024, b'\0')
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        from nova_lite.image import api as image_api
        image_api.API().upload(context, image_id, iter([data]), image_meta={
            'disk_format': 'raw', 'container_format': 'bare'})

    def rescue(self, context, instance, image_meta, rescue_password):
        self._delay('power_delay')
        self._set_state(instance, power_state.RUNNING, rescued=True,
                        rescue_image=(image_meta or {}).get('id'))

    def unrescue(self, context, instance):
        self._delay('power_delay')
        self._set_state(instance, power_state.RUNNING, rescued=False,
                        rescue_image=None)

    def trigger_crash_dump(self, instance):
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            guest['crash_dumps'] = guest.get('crash_dumps', 0) + 1
            self._save()

    def _guest(self, instance):
        with self._lock:
            guest = self._guests.get(instance.uuid)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return dict(guest)

    def _uptime(self, guest):
        try:
            started = timeutils.parse_isotime(guest['started_at'])
        except (KeyError, ValueError):
            return 0
        return int(timeutils.delta_seconds(
            timeutils.normalize_time(started), timeutils.utcnow()))

    def get_diagnostics(self, instance):
        guest = self._guest(instance)
        memory_kb = (instance.memory_mb or 0) * 1024
        return {'cpu0_time': 17300000000, 'memory': memory_kb,
                'memory-actual': memory_kb, 'memory-rss': memory_kb // 2,
                'vda_errors': -1, 'vda_read': 262144, 'vda_read_req': 112,
                'vda_write': 5778432, 'vda_write_req': 488,
                'tap-fake_rx': 2070139, 'tap-fake_rx_drop': 0,
                'tap-fake_rx_errors': 0, 'tap-fake_rx_packets': 26701,
                'tap-fake_tx': 140208, 'tap-fake_tx_drop': 0,
                'tap-fake_tx_errors': 0, 'tap-fake_tx_packets': 662,
                'uptime': self._uptime(guest)}

    def get_instance_diagnostics(self, instance):
        from nova_lite.virt import diagnostics
        guest = self._guest(instance)
        states = {power_state.RUNNING: 'running',
                  power_state.PAUSED: 'paused',
                  power_state.SHUTDOWN: 'shutdown',
                  power_state.SUSPENDED: 'suspended'}
        return diagnostics.standard(
            state=states.get(guest['state'], 'pending'), driver='fake',
            hypervisor='fake', hypervisor_os='fake-os',
            uptime=self._uptime(guest),
            config_drive=bool(instance.config_drive),
            cpu_details=[diagnostics.cpu(i, time=17300000000,
                                         utilisation=15)
                         for i in range(instance.vcpus or 1)],
            nic_details=[diagnostics.nic(
                mac_address='fa:16:3e:00:00:01', rx_octets=2070139,
                rx_errors=0, rx_drop=0, rx_packets=26701, tx_octets=140208,
                tx_errors=0, tx_drop=0, tx_packets=662)],
            disk_details=[diagnostics.disk(
                read_bytes=262144, read_requests=112, write_bytes=5778432,
                write_requests=488, errors_count=0)],
            memory_max_mb=instance.memory_mb, memory_used_mb=0)

    def get_host_uptime(self):
        return (' 08:32:11 up 93 days, 18:25, 12 users,  load average:'
                ' 0.20, 0.12, 0.14')

    # The host operations answer what they were asked, as Nova's fake.

    def set_host_enabled(self, enabled):
        return 'enabled' if enabled else 'disabled'

    def host_maintenance_mode(self, host, mode):
        return 'on_maintenance' if mode else 'off_maintenance'

    def host_power_action(self, action):
        return action

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
        # As Nova's fake driver: no newline after the last line.
        return '\n'.join(lines)

    def get_vnc_console(self, context, instance):
        with self._lock:
            if instance.uuid not in self._guests:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
        return {'host': 'fakevncconsole.com', 'port': 6969,
                'internal_access_path': 'FAKE'}
