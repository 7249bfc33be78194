"""What the REST layer calls to act on servers.

Reads go through versioned objects (to the conductor); each state change is
checked here against the states Nova allows, recorded in the instance
action log, and cast to the conductor (builds) or to the instance's compute
host (everything else).
"""
import functools
import re

from oslo_log import log as logging
from oslo_utils import uuidutils

from nova_lite.compute import api_actions
from nova_lite.compute import api_rebuild
from nova_lite.compute import api_resize
from nova_lite.compute import api_shelve
from nova_lite.compute import api_snapshot
from nova_lite.compute import image_checks
from nova_lite import availability_zones
from nova_lite.compute import keypairs as keypair_api
from nova_lite.compute import power_state
from nova_lite.compute import quotas
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import server_groups
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import conf as nl_conf
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import exception
from nova_lite import notifications
from nova_lite import objects
from nova_lite import servicegroup

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-compute'

ALLOW_SOFT_REBOOT = [vm_states.ACTIVE]
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + [vm_states.STOPPED, vm_states.PAUSED,
                                         vm_states.SUSPENDED, vm_states.ERROR]
REBOOT_TASK_STATES = ([None] + list(task_states.SOFT_REBOOT_STATES) +
                      list(task_states.HARD_REBOOT_STATES))


def check_instance_state(vm_state=None, task_state=(None,),
                         must_have_host=True):
    """Refuse (409, Nova's message) an action in a state Nova refuses it."""
    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(self, context, instance, *args, **kwargs):
            action = fn.__name__
            if vm_state is not None and instance.vm_state not in vm_state:
                raise exception.InstanceInvalidState(
                    action=action, instance_uuid=instance.uuid,
                    attr='vm_state', state=instance.vm_state)
            if task_state is not None and \
                    instance.task_state not in task_state:
                raise exception.InstanceInvalidState(
                    action=action, instance_uuid=instance.uuid,
                    attr='task_state', state=instance.task_state)
            if must_have_host and not instance.host:
                raise exception.InstanceInvalidState(
                    action=action, instance_uuid=instance.uuid,
                    attr='vm_state', state=instance.vm_state)
            return fn(self, context, instance, *args, **kwargs)
        return wrapper
    return decorator


def check_locked(fn):
    """A locked server refuses actions from anyone but an admin (409)."""
    @functools.wraps(fn)
    def wrapper(self, context, instance, *args, **kwargs):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        return fn(self, context, instance, *args, **kwargs)
    return wrapper


_HOSTNAME_INVALID = re.compile(r'[^\w.-]+', re.ASCII)


def sanitize_hostname(name, default='server'):
    """Turn a display name into a hostname the way Nova does."""
    hostname = (name or '').lower()
    hostname = re.sub(r'[ _]', '-', hostname)
    hostname = _HOSTNAME_INVALID.sub('', hostname)
    hostname = hostname.replace('_', '-')
    hostname = hostname.strip('.-')[:63].strip('.-')
    return hostname or default


class API(api_actions.ServerActionsMixin, api_rebuild.RebuildEventsMixin,
          api_resize.ResizeAPIMixin, api_snapshot.SnapshotAPIMixin,
          api_shelve.ShelveAPIMixin):
    def __init__(self):
        self._conductor = None
        self._compute_rpcapi = None
        self._image_api = None

    @property
    def conductor(self):
        if self._conductor is None:
            self._conductor = conductor_rpcapi.ConductorAPI()
        return self._conductor

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            self._compute_rpcapi = compute_rpcapi.ComputeAPI()
        return self._compute_rpcapi

    @property
    def image_api(self):
        if self._image_api is None:
            from nova_lite.image import api as image_api
            self._image_api = image_api.API()
        return self._image_api

    # -- create ---------------------------------------------------------------

    def _validate_image(self, context, image_href, flavor):
        image = self.image_api.get(context, image_href)
        image_checks.check_flavor_image(context, image, flavor)
        return image

    def create(self, context, flavor_id, image_href, name, description=None,
               min_count=1, max_count=1, key_name=None, user_data=None,
               metadata=None, availability_zone=None, hostname=None,
               scheduler_hints=None, config_drive=None, access_ip_v4=None,
               access_ip_v6=None, requested_networks=None, tags=None):
        min_count = min_count or 1
        max_count = max_count or min_count
        if min_count > max_count:
            raise exception.Invalid('min_count must be <= max_count')
        flavor = objects.Flavor.get_by_flavor_id(context, str(flavor_id))
        if flavor.disabled:
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        image = self._validate_image(context, image_href, flavor)
        key_data = keypair_api.key_data_for(context, key_name) \
            if key_name is not None else None
        availability_zone, forced_host, forced_node = \
            availability_zones.validate_requested(context, availability_zone)
        quotas.check_metadata_items(context, metadata)
        max_count = quotas.check_num_instances(context, flavor, min_count,
                                               max_count)
        group = server_groups.requested_group(context, scheduler_hints)
        if group is not None:
            server_groups.check_members_quota(context, group, max_count)
        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        instances = []
        for index in range(max_count):
            display_name = name
            if max_count > 1 and name:
                display_name = '%s-%d' % (name, index + 1)
            instance = objects.Instance(
                context,
                uuid=uuidutils.generate_uuid(),
                user_id=context.user_id, project_id=context.project_id,
                image_ref=image['id'], display_name=display_name,
                display_description=description,
                hostname=hostname if hostname and max_count == 1 else
                sanitize_hostname(display_name, 'server-%d' % (index + 1)),
                instance_type_id=flavor.id, flavor=flavor,
                vm_state=vm_states.BUILDING,
                task_state=task_states.SCHEDULING,
                power_state=power_state.NOSTATE,
                memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
                root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
                key_name=key_name, key_data=key_data, user_data=user_data,
                metadata=dict(metadata or {}),
                system_metadata=compute_utils.system_metadata_from_image(
                    image, flavor),
                availability_zone=availability_zone,
                reservation_id=reservation_id, launch_index=index,
                config_drive='True' if config_drive else '',
                access_ip_v4=access_ip_v4, access_ip_v6=access_ip_v6,
                locked=False, progress=0,
                scheduler_hints={k: (v if isinstance(v, str) or v is None
                                     else str(v))
                                 for k, v in (scheduler_hints or {}).items()},
                pinned_availability_zone=availability_zone, hidden=False)
            instance.create()
            if tags:
                instance.tags = objects.TagList.create(
                    context, instance.uuid, tags).names()
            compute_utils.start_action(context, instance, 'create')
            instances.append(instance)
        quotas.recheck_or_undo(context, flavor, instances)
        server_groups.add_members(context, group, instances)
        request_spec = {
            'flavor': {'vcpus': flavor.vcpus, 'memory_mb': flavor.memory_mb,
                       'root_gb': flavor.root_gb,
                       'ephemeral_gb': flavor.ephemeral_gb,
                       'swap': flavor.swap,
                       'extra_specs': dict(flavor.extra_specs)},
            'image': {'id': image['id'],
                      'properties': compute_utils.image_properties(image)},
            'availability_zone': availability_zone,
            'force_hosts': [forced_host] if forced_host else [],
            'force_nodes': [forced_node] if forced_node else [],
            'num_instances': len(instances),
            'project_id': context.project_id,
            'scheduler_hints': scheduler_hints or {},
            'instance_group': server_groups.spec_for(group),
        }
        filter_properties = {'scheduler_hints': scheduler_hints or {}}
        for instance in instances:
            LOG.info('Instance %s created: building/scheduling (request %s)',
                     instance.uuid, context.request_id)
        self.conductor.build_instances(context, instances, image,
                                       request_spec, filter_properties)
        return instances, reservation_id

    # -- read -----------------------------------------------------------------

    def get(self, context, instance_id, expected_attrs=None):
        if not uuidutils.is_uuid_like(instance_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        instance = objects.Instance.get_by_uuid(
            context, instance_id, expected_attrs=expected_attrs or ['fault'])
        if not context.is_admin and instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        return instance

    def get_all(self, context, search_opts, limit=None, marker=None,
                sort_keys=None, sort_dirs=None):
        opts = dict(search_opts or {})
        filters = {}
        all_tenants = opts.pop('all_tenants', False)
        project_id = opts.pop('project_id', opts.pop('tenant_id', None))
        if not context.is_admin or not all_tenants:
            if project_id and context.is_admin:
                filters['project_id'] = project_id
            elif not (context.is_admin and all_tenants):
                filters['project_id'] = context.project_id
        elif project_id:
            filters['project_id'] = project_id
        if 'name' in opts:
            filters['display_name'] = opts.pop('name')
        if 'image' in opts:
            filters['image_ref'] = opts.pop('image')
        if 'flavor' in opts:
            flavor_id = opts.pop('flavor')
            try:
                flavor = objects.Flavor.get_by_flavor_id(context,
                                                         str(flavor_id))
            except exception.FlavorNotFound:
                return objects.InstanceList(context, objects=[])
            filters['instance_type_id'] = flavor.id
        for key in ('vm_state', 'task_state', 'host', 'node', 'uuid',
                    'reservation_id', 'locked', 'availability_zone',
                    'key_name', 'user_id', 'deleted', 'changes-since',
                    'changes-before', 'power_state', 'launch_index',
                    'tags', 'tags-any', 'not-tags', 'not-tags-any'):
            if key in opts:
                filters[key] = opts.pop(key)
        if filters.get('deleted') is True and context.is_admin:
            context = context.elevated()
            context.read_deleted = 'yes'
        return objects.InstanceList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=limit, marker=marker, expected_attrs=['fault', 'tags'])

    def update(self, context, instance, **values):
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return instance

    # -- delete ---------------------------------------------------------------

    def _compute_is_up(self, context, host):
        try:
            service = objects.Service.get_by_host_and_binary(
                context, host, COMPUTE_BINARY)
        except exception.NotFound:
            return False
        return servicegroup.service_is_up(service)

    @check_locked
    def delete(self, context, instance):
        compute_utils.start_action(context, instance, 'delete')
        self.delete_shelved_image(context, instance)
        if instance.task_state == task_states.DELETING and instance.host \
                and self._compute_is_up(context, instance.host):
            return
        if not instance.host or not self._compute_is_up(context,
                                                        instance.host):
            self._local_delete(context, instance)
            return
        if instance.vm_state == vm_states.RESIZED:
            self.confirm_resize_on_deleting(context, instance)
        instance.task_state = task_states.DELETING
        instance.save()
        LOG.info('Instance %s deleting (request %s)', instance.uuid,
                 context.request_id)
        self.compute_rpcapi.terminate_instance(context, instance)

    def force_delete(self, context, instance):
        return self.delete(context, instance)

    def _local_delete(self, context, instance):
        """Delete without a compute host (never scheduled, or host down).
        A compute that comes back reaps the guest it no longer owns."""
        notifications.notify_about_instance_action(
            context, instance, CONF.host, 'delete', 'start',
            binary='nova-api')
        try:
            instance.destroy()
        except exception.InstanceNotFound:
            pass
        objects.Allocation.release(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, CONF.host, 'delete', 'end', binary='nova-api')
        LOG.info('Instance %s deleted locally (request %s)', instance.uuid,
                 context.request_id)

    # -- power operations -----------------------------------------------------

    def _cast_with_task_state(self, context, instance, action, task_state,
                              cast):
        compute_utils.start_action(context, instance, action)
        expected = instance.task_state
        instance.task_state = task_state
        instance.save(expected_task_state=[expected])
        LOG.info('Instance %s %s (request %s)', instance.uuid, task_state,
                 context.request_id)
        cast(context, instance)

    @check_locked
    @check_instance_state(vm_state=set(ALLOW_HARD_REBOOT),
                          task_state=REBOOT_TASK_STATES)
    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'SOFT':
            if instance.vm_state not in ALLOW_SOFT_REBOOT or \
                    instance.task_state not in (None,) + \
                    task_states.SOFT_REBOOT_STATES:
                raise exception.InstanceInvalidState(
                    action='reboot', instance_uuid=instance.uuid,
                    attr='vm_state' if instance.task_state is None else
                    'task_state',
                    state=instance.vm_state if instance.task_state is None
                    else instance.task_state)
            state = task_states.REBOOTING
        else:
            state = task_states.REBOOTING_HARD
        self._cast_with_task_state(
            context, instance, 'reboot', state,
            lambda ctx, inst: self.compute_rpcapi.reboot_instance(
                ctx, inst, reboot_type))

    @check_locked
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.ERROR])
    def stop(self, context, instance):
        self._cast_with_task_state(context, instance, 'stop',
                                   task_states.POWERING_OFF,
                                   self.compute_rpcapi.stop_instance)

    @check_locked
    @check_instance_state(vm_state=[vm_states.STOPPED])
    def start(self, context, instance):
        self._cast_with_task_state(context, instance, 'start',
                                   task_states.POWERING_ON,
                                   self.compute_rpcapi.start_instance)

    @check_locked
    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def pause(self, context, instance):
        self._cast_with_task_state(context, instance, 'pause',
                                   task_states.PAUSING,
                                   self.compute_rpcapi.pause_instance)

    @check_locked
    @check_instance_state(vm_state=[vm_states.PAUSED])
    def unpause(self, context, instance):
        self._cast_with_task_state(context, instance, 'unpause',
                                   task_states.UNPAUSING,
                                   self.compute_rpcapi.unpause_instance)

    @check_locked
    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def suspend(self, context, instance):
        self._cast_with_task_state(context, instance, 'suspend',
                                   task_states.SUSPENDING,
                                   self.compute_rpcapi.suspend_instance)

    @check_locked
    @check_instance_state(vm_state=[vm_states.SUSPENDED])
    def resume(self, context, instance):
        self._cast_with_task_state(context, instance, 'resume',
                                   task_states.RESUMING,
                                   self.compute_rpcapi.resume_instance)

    @check_instance_state(vm_state=None, task_state=None)
    def get_console_output(self, context, instance, tail_length=None):
        return self.compute_rpcapi.get_console_output(
            context, instance, tail_length=tail_length)

    def get_vnc_console(self, context, instance, console_type):
        """{'url': ..., 'token': ...} of an authorized VNC console: the
        guest must be on a host and running (else 409, not ready)."""
        if not instance.host or instance.vm_state not in (
                vm_states.ACTIVE, vm_states.PAUSED, vm_states.RESCUED) or \
                instance.task_state == task_states.DELETING:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        info = self.compute_rpcapi.get_vnc_console(context, instance,
                                                   console_type)
        return {'url': info['access_url'], 'token': info['token']}
