"""The compute service's RPC endpoint: builds, deletes, power operations,
moves, rebuilds, shelves and snapshots of this host's guests, through the
virt driver.

Each feature is a collaborator of its package (nova_lite.compute.<feature>
.manager); this class holds the wire contract (every RPC method, each
delegating in one line), the start-up of the host and the periodic tasks.
It never touches the database: every object method goes to the conductor.
"""
from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite.compute.actions import manager as actions_manager
from nova_lite.compute.assisted_snapshots import manager as assisted_manager
from nova_lite.compute.boot_from_volume import manager as boot_volumes
from nova_lite.compute.build import manager as build_manager
from nova_lite.compute.build import recovery as build_recovery
from nova_lite.compute import consoles
from nova_lite.compute.delete import manager as delete_manager
from nova_lite.compute import external_events
from nova_lite.compute import host_controls
from nova_lite.compute import host_operations
from nova_lite.compute import instance_events
from nova_lite.compute.network import manager as network_manager
from nova_lite.compute import periodic
from nova_lite.compute import power_sync
from nova_lite.compute.rebuild import manager as rebuild_manager
from nova_lite.compute.resize import api as resize_api
from nova_lite.compute.resize import manager as resize_manager
from nova_lite.compute import resource_tracker
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute.shelve import manager as shelve_manager
from nova_lite.compute.volumes import host_connections
from nova_lite.compute.snapshot import manager as snapshot_manager
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.compute.volumes import manager as volumes_manager
from nova_lite import conf as nl_conf
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.image import api as image_api
from nova_lite import objects
from nova_lite.virt import driver as virt_driver

CONF = nl_conf.CONF
LOG = logging.getLogger(__name__)


class ComputeManager(object):
    # 1.1: build_and_run_instance and prep_resize take a RequestSpec.
    # 1.2: attach_interface, detach_interface.
    # 1.3: reserve_block_device_name, attach_volume, detach_volume,
    #      swap_volume.
    # 1.4: set_host_enabled, host_maintenance_mode, host_power_action.
    # 1.5: volume_snapshot_create, volume_snapshot_delete.
    target = messaging.Target(version='1.5')

    def __init__(self, host=None, driver=None, network_api=None):
        self.host = host or CONF.host
        # What the driver may ask of this service (wait for events).
        self.instance_events = instance_events.InstanceEvents()
        self.virtapi = instance_events.ComputeVirtAPI(self.instance_events,
                                                      CONF)
        self.driver = driver or virt_driver.load_compute_driver(
            CONF.compute_driver, self.virtapi)
        if getattr(self.driver, 'virtapi', None) is None:
            self.driver.virtapi = self.virtapi
        self.conductor_api = conductor_rpcapi.ConductorAPI()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.resource_tracker = resource_tracker.ResourceTracker(
            self.host, self.driver)
        self.service_id = None
        self.power_sync = power_sync.PowerStateSync(self.host, self.driver)
        self.host_controls = host_controls.HostControls(self.host,
                                                        self.driver)

        self.guests = host_operations.HostGuests(self.host, self.driver)
        self.networks = network_manager.InstanceNetworks(
            self.guests, network_api, self.instance_events)
        self.volumes = volumes_manager.VolumesManager(self.guests)
        self.assisted_snapshots = assisted_manager.AssistedSnapshots(
            self.guests, self.volumes)
        self.external_events = external_events.ExternalEvents(
            self.guests, self.instance_events, self.networks, self.volumes)
        self.snapshots = snapshot_manager.SnapshotManager(self.guests,
                                                          image_api.API())
        self.boot_volumes = boot_volumes.BootVolumes(self.driver)
        self.volume_hosts = host_connections.HostConnections(
            self.driver, self.boot_volumes)
        self.shelving = shelve_manager.ShelveManager(
            self.guests, self.snapshots, self.networks, self.volume_hosts)
        self.moves = resize_manager.ResizeManager(
            self.guests, self.compute_rpcapi,
            resize_api.ResizeAPI(self.conductor_api, self.compute_rpcapi),
            self.networks, self.volume_hosts)
        self.actions = actions_manager.ServerActionsManager(
            self.guests, self.shelving.forget_shelved_image)
        self.rebuilds = rebuild_manager.RebuildManager(
            self.guests, self.actions.stop_instance, self.networks,
            self.volume_hosts)
        self.deletes = delete_manager.DeleteManager(
            self.guests, self.moves.release_migration_claims, self.networks,
            self.boot_volumes)
        self.builds = build_manager.BuildManager(
            self.guests, self.conductor_api, CONF.max_concurrent_builds,
            self.networks, self.boot_volumes)
        self.build_recovery = build_recovery.BuildRecovery(
            self.guests, self.builds, self.conductor_api, self.networks)

        self.periodic = periodic.PeriodicTasks(
            default_spacing=lambda: CONF.periodic_interval)
        self.periodic.add('update_available_resource', 0,
                          self._update_available_resource)
        self.periodic.add('_sync_power_states',
                          lambda: CONF.sync_power_state_interval,
                          self.power_sync.sync_power_states)
        self.periodic.add('_run_image_cache_manager_pass',
                          lambda: CONF.image_cache.manager_interval,
                          self._run_image_cache_manager_pass)
        self.periodic.add('_cleanup_expired_console_auth_tokens', 600,
                          self._cleanup_expired_console_auth_tokens)
        # The next two at the default interval: each checks its own option
        # (reclaim_instance_interval, resize_confirm_window).
        self.periodic.add('_reclaim_queued_deletes', 0,
                          self.deletes.reclaim_queued_deletes)
        self.periodic.add('_poll_unconfirmed_resizes', 0,
                          self.moves.poll_unconfirmed_resizes)
        self.periodic.add('_check_instance_build_time', 0,
                          self.build_recovery.check_builds)
        self.periodic.add('_poll_shelved_instances',
                          lambda: CONF.shelved_poll_interval,
                          self.shelving.poll_shelved_instances)

    # -- lifecycle ------------------------------------------------------------

    def init_host(self, service_id=None):
        """Adopt what this host owned before a restart."""
        self.service_id = service_id
        self.driver.init_host(self.host)
        network_manager.log_network_service(CONF)
        context = nl_context.get_admin_context()
        self.resource_tracker.update_available_resource(context, service_id)
        instances = objects.InstanceList.get_by_host(context, self.host)
        self._reap_orphan_guests(context, {i.uuid for i in instances})
        for instance in instances:
            try:
                self._init_instance(context, instance)
            except Exception:
                LOG.exception('Could not resolve instance %s at start-up',
                              instance.uuid)
        # Guests changing state on their own from now on (shut down from
        # inside, crashed) are synced as they happen.
        self.driver.register_event_listener(
            self.power_sync.handle_lifecycle_event)

    def _reap_orphan_guests(self, context, owned_uuids):
        """Destroy guests whose instance was deleted (or moved) while this
        service was down. A guest no instance record knows is not this
        cloud's (another cloud may share the hypervisor): left alone."""
        with_deleted = nl_context.get_admin_context(read_deleted='yes')
        for uuid in self.driver.list_instance_uuids():
            if uuid in owned_uuids:
                continue
            try:
                record = objects.Instance.get_by_uuid(with_deleted, uuid)
            except exception.InstanceNotFound:
                LOG.warning('Guest %s is not an instance of this cloud: '
                            'left alone', uuid)
                continue
            if not record.deleted and record.vm_state == vm_states.RESIZED:
                # The source of an unconfirmed resize: confirm cleans up.
                continue
            LOG.info('Destroying guest %s: its instance no longer lives on '
                     '%s', uuid, self.host)
            orphan = objects.Instance(context, uuid=uuid, display_name=None,
                                      hostname=None)
            try:
                self.driver.destroy(context, orphan)
            except Exception:
                LOG.exception('Could not destroy orphan guest %s', uuid)

    def _init_instance(self, context, instance):
        if instance.task_state == task_states.DELETING:
            LOG.info('Completing the delete of %s interrupted by a restart',
                     instance.uuid)
            self.deletes.delete_instance(context, instance)
            return
        if self.build_recovery.resolve_at_start(context, instance):
            return
        if instance.task_state in task_states.HARD_REBOOT_STATES + \
                task_states.SOFT_REBOOT_STATES:
            LOG.info('Retrying the reboot of %s', instance.uuid)
            self.actions.reboot_instance(context, instance, 'HARD')
            return
        try:
            self.volumes.reconcile(context, instance)
        except Exception:
            LOG.exception('Could not reconcile the volumes of %s with the '
                          'block storage service', instance.uuid)
        if instance.task_state == task_states.POWERING_OFF:
            self.actions.stop_instance(context, instance)
            return
        if instance.task_state == task_states.POWERING_ON:
            self.actions.start_instance(context, instance)
            return
        self.guests.sync_power_state(instance, clear_task_state=True)

    def cleanup_host(self):
        self.driver.cleanup_host(self.host)

    def periodic_tasks(self, context):
        """Run the periodic tasks that are due, each on its own interval;
        returns the seconds until the next one is (the service loop sleeps
        that long, at most periodic_interval)."""
        return self.periodic.run(context)

    def _update_available_resource(self, context):
        self.resource_tracker.update_available_resource(context,
                                                        self.service_id)

    def _run_image_cache_manager_pass(self, context):
        instances = objects.InstanceList.get_by_host(context, self.host)
        self.driver.manage_image_cache(context, instances)

    def _cleanup_expired_console_auth_tokens(self, context):
        consoles.clean_expired_tokens(context, self.host)

    # -- RPC 1.0: builds and deletes ------------------------------------------

    def build_and_run_instance(self, context, instance, image, request_spec,
                               filter_properties, node=None):
        request_spec = objects.RequestSpec.coerce(context, request_spec)
        return self.builds.build_and_run_instance(
            context, instance, image, request_spec, filter_properties,
            node=node)

    def terminate_instance(self, context, instance):
        return self.deletes.terminate_instance(context, instance)

    def soft_delete_instance(self, context, instance):
        return self.deletes.soft_delete_instance(context, instance)

    def restore_instance(self, context, instance):
        return self.deletes.restore_instance(context, instance)

    # -- RPC 1.3: volumes -----------------------------------------------------

    def reserve_block_device_name(self, context, instance, device, volume_id,
                                  disk_bus=None, device_type=None, tag=None,
                                  multiattach=False):
        return self.volumes.reserve_block_device_name(
            context, instance, device, volume_id, disk_bus=disk_bus,
            device_type=device_type, tag=tag, multiattach=multiattach)

    def attach_volume(self, context, instance, bdm):
        return self.volumes.attach_volume(context, instance, bdm)

    def detach_volume(self, context, instance, volume_id,
                      attachment_id=None):
        return self.volumes.detach_volume(context, instance, volume_id,
                                          attachment_id)

    def swap_volume(self, context, instance, old_volume_id, new_volume_id,
                    new_attachment_id):
        return self.volumes.swap_volume(context, instance, old_volume_id,
                                        new_volume_id, new_attachment_id)

    # -- RPC 1.5: Cinder's assisted volume snapshots --------------------------

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        return self.assisted_snapshots.volume_snapshot_create(
            context, instance, volume_id, create_info)

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        return self.assisted_snapshots.volume_snapshot_delete(
            context, instance, volume_id, snapshot_id, delete_info)

    # -- RPC 1.0: server actions ----------------------------------------------

    def reboot_instance(self, context, instance, reboot_type):
        return self.actions.reboot_instance(context, instance, reboot_type)

    def stop_instance(self, context, instance):
        return self.actions.stop_instance(context, instance)

    def start_instance(self, context, instance):
        return self.actions.start_instance(context, instance)

    def pause_instance(self, context, instance):
        return self.actions.pause_instance(context, instance)

    def unpause_instance(self, context, instance):
        return self.actions.unpause_instance(context, instance)

    def suspend_instance(self, context, instance):
        return self.actions.suspend_instance(context, instance)

    def resume_instance(self, context, instance):
        return self.actions.resume_instance(context, instance)

    def rescue_instance(self, context, instance, rescue_password,
                        image_meta=None):
        return self.actions.rescue_instance(context, instance,
                                            rescue_password, image_meta)

    def unrescue_instance(self, context, instance):
        return self.actions.unrescue_instance(context, instance)

    def trigger_crash_dump(self, context, instance):
        return self.actions.trigger_crash_dump(context, instance)

    @messaging.expected_exceptions(exception.NovaLiteException,
                                   NotImplementedError)
    def get_diagnostics(self, context, instance):
        return self.actions.get_diagnostics(context, instance)

    @messaging.expected_exceptions(exception.NovaLiteException,
                                   NotImplementedError)
    def get_instance_diagnostics(self, context, instance):
        return self.actions.get_instance_diagnostics(context, instance)

    def get_console_output(self, context, instance, tail_length=None):
        return self.actions.get_console_output(context, instance,
                                               tail_length=tail_length)

    @messaging.expected_exceptions(exception.NovaLiteException)
    def get_vnc_console(self, context, instance, console_type):
        return self.actions.get_vnc_console(context, instance, console_type)

    @messaging.expected_exceptions(NotImplementedError)
    def get_host_uptime(self, context):
        return self.actions.get_host_uptime(context)

    # -- RPC 1.4: the host itself (os-hosts) ----------------------------------

    def set_host_enabled(self, context, enabled):
        return self.host_controls.set_host_enabled(context, enabled)

    @messaging.expected_exceptions(NotImplementedError)
    def host_maintenance_mode(self, context, host, mode):
        return self.host_controls.host_maintenance_mode(context, host, mode)

    @messaging.expected_exceptions(NotImplementedError)
    def host_power_action(self, context, action):
        return self.host_controls.host_power_action(context, action)

    # -- RPC 1.0: resize and cold migration -----------------------------------

    def prep_resize(self, context, instance, migration, flavor,
                    request_spec=None):
        if request_spec is not None:
            request_spec = objects.RequestSpec.coerce(context, request_spec)
        return self.moves.prep_resize(context, instance, migration, flavor,
                                      request_spec=request_spec)

    def resize_instance(self, context, instance, migration, flavor):
        return self.moves.resize_instance(context, instance, migration,
                                          flavor)

    def finish_resize(self, context, instance, migration):
        return self.moves.finish_resize(context, instance, migration)

    def confirm_resize(self, context, instance, migration):
        return self.moves.confirm_resize(context, instance, migration)

    def revert_resize(self, context, instance, migration):
        return self.moves.revert_resize(context, instance, migration)

    def finish_revert_resize(self, context, instance, migration):
        return self.moves.finish_revert_resize(context, instance, migration)

    # -- RPC 1.0: rebuild and external events ---------------------------------

    def rebuild_instance(self, context, instance, image, orig_image_ref,
                         admin_password=None, preserve_ephemeral=False):
        return self.rebuilds.rebuild_instance(
            context, instance, image, orig_image_ref,
            admin_password=admin_password,
            preserve_ephemeral=preserve_ephemeral)

    def external_instance_event(self, context, instances, events):
        return self.external_events.external_instance_event(
            context, instances, events)

    # -- RPC 1.2: interfaces --------------------------------------------------

    @messaging.expected_exceptions(exception.NovaLiteException)
    def attach_interface(self, context, instance, network_id, port_id,
                         requested_ip, tag=None):
        return self.networks.attach_interface(
            context, instance, network_id, port_id, requested_ip, tag=tag)

    def detach_interface(self, context, instance, port_id):
        try:
            self.networks.detach_interface(context, instance, port_id)
        except Exception:
            LOG.exception('Detach of port %s from %s failed', port_id,
                          instance.uuid)

    # -- RPC 1.0: shelve ------------------------------------------------------

    def shelve_instance(self, context, instance, image_id,
                        clean_shutdown=True):
        return self.shelving.shelve_instance(context, instance, image_id,
                                             clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, context, instance,
                                clean_shutdown=True):
        return self.shelving.shelve_offload_instance(
            context, instance, clean_shutdown=clean_shutdown)

    def unshelve_instance(self, context, instance, image, node=None):
        return self.shelving.unshelve_instance(context, instance, image,
                                               node=node)

    # -- RPC 1.0: snapshots ---------------------------------------------------

    def snapshot_instance(self, context, instance, image_id):
        return self.snapshots.snapshot_instance(context, instance, image_id)

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        return self.snapshots.backup_instance(context, instance, image_id,
                                              backup_type, rotation)
