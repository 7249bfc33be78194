"""Fakes for the API unit tests only: an in-memory compute API and
object methods that never leave the process."""
import datetime
import uuid

from nova_lite import exception
from nova_lite import objects

NOW = datetime.datetime(2024, 5, 1, 12, 0, 0)
PROJECT = 'proj1'
USER = 'user1'


def make_flavor(flavorid='1', name='m1.tiny', **kw):
    values = dict(id=int(kw.pop('id', 1)), flavorid=flavorid, name=name,
                  memory_mb=512, vcpus=1, root_gb=1, ephemeral_gb=0, swap=0,
                  rxtx_factor=1.0, vcpu_weight=None, disabled=False,
                  is_public=True, description=None, extra_specs={},
                  created_at=NOW, updated_at=None)
    values.update(kw)
    return objects.Flavor(**values)


def make_instance(**kw):
    values = dict(
        id=1, uuid=str(uuid.uuid4()), user_id=USER, project_id=PROJECT,
        image_ref='70a599e0-31e7-49b7-b260-868f441e862b',
        hostname='server-1', display_name='server-1',
        display_description=None, host='host1', node='node1',
        launched_on='host1', instance_type_id=1, flavor=make_flavor(),
        vm_state='active', task_state=None, power_state=1,
        memory_mb=512, vcpus=1, root_gb=1, ephemeral_gb=0, key_name=None,
        key_data=None, user_data=None, metadata={}, system_metadata={},
        availability_zone='nova', launched_at=NOW, terminated_at=None,
        locked=False, locked_by=None, locked_reason=None,
        reservation_id='r-abc', launch_index=0, config_drive='',
        access_ip_v4=None, access_ip_v6=None, progress=0,
        scheduler_hints={}, pinned_availability_zone=None, hidden=False,
        fault=None, created_at=NOW, updated_at=NOW, deleted_at=None,
        deleted=False)
    values.update(kw)
    return objects.Instance(**values)


class FakeComputeAPI(object):
    def __init__(self):
        self.instances = {}
        self.calls = []

    def add(self, **kw):
        inst = make_instance(**kw)
        self.instances[inst.uuid] = inst
        return inst

    def create(self, context, flavor_id, image_href, name, **kwargs):
        self.calls.append(('create', flavor_id, image_href, name, kwargs))
        if flavor_id == 'missing':
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        if image_href == '00000000-0000-0000-0000-000000000000':
            raise exception.ImageNotFound(image_id=image_href)
        created = []
        for i in range(kwargs.get('max_count') or 1):
            created.append(self.add(display_name=name, vm_state='building',
                                    task_state='scheduling', host=None,
                                    node=None, project_id=context.project_id,
                                    user_id=context.user_id))
        return created, 'r-12345678'

    def get_server_group_uuids(self, context, instance):
        return list(getattr(self, 'server_groups', {}).get(instance.uuid,
                                                           []))

    def get(self, context, instance_id, expected_attrs=None):
        inst = self.instances.get(instance_id)
        if inst is None or (not context.is_admin and
                            inst.project_id != context.project_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        return inst

    def get_all(self, context, search_opts, limit=None, marker=None,
                sort_keys=None, sort_dirs=None):
        self.calls.append(('get_all', dict(search_opts), limit, marker,
                           sort_keys, sort_dirs))
        result = [i for i in self.instances.values()
                  if search_opts.get('project_id') in (None, i.project_id)]
        if marker is not None:
            ids = [i.uuid for i in result]
            if marker not in ids:
                raise exception.MarkerNotFound(marker=marker)
            result = result[ids.index(marker) + 1:]
        return result[:limit] if limit is not None else result

    def update(self, context, instance, **values):
        self.calls.append(('update', values))
        for key, value in values.items():
            setattr(instance, key, value)
        return instance

    def soft_delete_or_delete(self, context, instance):
        return self.delete(context, instance)

    def delete(self, context, instance):
        self.calls.append(('delete', instance.uuid))
        if instance.locked:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)

    def reboot(self, context, instance, reboot_type):
        self.calls.append(('reboot', instance.uuid, reboot_type))
        if instance.vm_state != 'active':
            raise exception.InstanceInvalidState(
                action='reboot', instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)

    def stop(self, context, instance):
        self.calls.append(('stop', instance.uuid))

    def start(self, context, instance):
        self.calls.append(('start', instance.uuid))

    def security_group_names(self, context, instances):
        return {}

    def volume_attachments(self, context, instance):
        return []

    def volumes_of_servers(self, context, instances):
        return {}

    def get_console_output(self, context, instance, tail_length=None):
        self.calls.append(('console', instance.uuid, tail_length))
        lines = ['line %d' % i for i in range(10)]
        if tail_length is not None:
            lines = lines[-tail_length:]
        return '\n'.join(lines)


def make_service(id=1, binary='nova-compute', host='host1',
                 last_seen_up=None, **kw):
    values = dict(id=id, uuid=str(uuid.UUID(int=id)), host=host,
                  binary=binary, topic=None, report_count=3,
                  disabled=False, disabled_reason=None, forced_down=False,
                  last_seen_up=last_seen_up, version=1, created_at=NOW,
                  updated_at=NOW, deleted_at=None, deleted=False)
    values.update(kw)
    return objects.Service(**values)


def make_node(id=1, host='host1', **kw):
    values = dict(id=id, uuid=str(uuid.UUID(int=100 + id)), service_id=1,
                  host=host, hypervisor_hostname='node%d' % id,
                  hypervisor_type='QEMU', hypervisor_version=8002000,
                  host_ip='192.168.1.10', cpu_info='{"arch": "x86_64"}',
                  vcpus=8, memory_mb=16384, local_gb=100, vcpus_used=1,
                  memory_mb_used=512, local_gb_used=1,
                  reserved_host_memory_mb=512, reserved_host_disk_mb=0,
                  reserved_host_cpus=0, cpu_allocation_ratio=4.0,
                  ram_allocation_ratio=1.0, disk_allocation_ratio=1.0,
                  disk_available_least=90, created_at=NOW, updated_at=NOW,
                  deleted_at=None, deleted=False)
    values.update(kw)
    return objects.ComputeNode(**values)


class HostRPC(object):
    """The compute RPC client of os-hosts: answers `answers[method]`, or
    raises it."""

    def __init__(self, **answers):
        self.answers = answers
        self.calls = []

    def _answer(self, method, *args):
        self.calls.append((method,) + args)
        answer = self.answers[method]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def set_host_enabled(self, context, host, enabled):
        return self._answer('set_host_enabled', host, enabled)

    def host_maintenance_mode(self, context, host, host_param, mode):
        return self._answer('host_maintenance_mode', host, mode)

    def host_power_action(self, context, host, action):
        return self._answer('host_power_action', host, action)
