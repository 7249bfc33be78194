"""Resize and cold migration for the fake driver.

The source keeps a copy of the guest (as a real hypervisor keeps the old
disks) until the move is confirmed or reverted; copies live in their own
JSON file under state_path so they survive a restart, and never show up in
list_instance_uuids. A disk that would shrink is refused like libvirt
refuses it ("Unable to resize disk down."), leaving the guest unharmed.
"""
import json
import os

from nova_lite.compute import power_state
from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.virt.fake import volumes as fake_volumes

CONF = nl_conf.CONF


class FakeMigrationMixin(object):
    """Mixed into FakeDriver (uses its _lock, _guests, _save, _host)."""

    def _backup_file(self):
        return os.path.join(CONF.state_path,
                            'fake-driver-%s-resize.json' % self._host)

    def _load_backups(self):
        try:
            with open(self._backup_file()) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def _store_backups(self, backups):
        path = self._backup_file()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(backups, f)
        os.replace(tmp, path)

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info=None, block_device_info=None,
                                   timeout=0):
        old_disk = (instance.flavor.root_gb + instance.flavor.ephemeral_gb
                    if instance.flavor is not None else 0)
        new_disk = flavor.root_gb + flavor.ephemeral_gb
        if new_disk < old_disk:
            raise exception.InstanceFaultRollback(exception.ResizeError(
                reason='Unable to resize disk down.'))
        self._delay('power_delay')
        with self._lock:
            guest = self._guests.pop(instance.uuid, None)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            backups = self._load_backups()
            guest['state'] = power_state.SHUTDOWN
            backups[instance.uuid] = guest
            self._store_backups(backups)
            self._save()

    def finish_migration(self, context, migration, instance, image_meta,
                         network_info=None, block_device_info=None,
                         power_on=True):
        self._delay('spawn_delay')
        flavor = instance.flavor
        with self._lock:
            self._guests[instance.uuid] = {
                'state': (power_state.RUNNING if power_on
                          else power_state.SHUTDOWN),
                'boots': 1, 'name': instance.display_name,
                'flavor': flavor.name if flavor is not None else None,
                'migrated_from': migration.source_compute,
                'volumes': fake_volumes.from_block_device_info(
                    block_device_info)}
            self._save()

    def confirm_migration(self, context, migration, instance,
                          network_info=None):
        with self._lock:
            backups = self._load_backups()
            if backups.pop(instance.uuid, None) is not None:
                self._store_backups(backups)

    def finish_revert_migration(self, context, instance, network_info=None,
                                migration=None, block_device_info=None,
                                power_on=True):
        self._delay('power_delay')
        with self._lock:
            backups = self._load_backups()
            guest = backups.pop(instance.uuid, None)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            guest['state'] = (power_state.RUNNING if power_on
                              else power_state.SHUTDOWN)
            if power_on:
                guest['boots'] = guest.get('boots', 1) + 1
            if block_device_info is not None:
                guest['volumes'] = fake_volumes.from_block_device_info(
                    block_device_info)
            self._guests[instance.uuid] = guest
            self._save()
            self._store_backups(backups)
