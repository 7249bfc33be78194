"""Client side of the compute RPC API (topic 'compute', server = host).

1.0 - build_and_run_instance, terminate_instance, reboot_instance,
      stop_instance, start_instance, pause_instance, unpause_instance,
      suspend_instance, resume_instance, get_console_output,
      rescue_instance, unrescue_instance, trigger_crash_dump,
      soft_delete_instance, restore_instance, get_diagnostics,
      get_instance_diagnostics (rpcapi_actions), prep_resize,
      resize_instance, finish_resize, confirm_resize, revert_resize,
      finish_revert_resize (rpcapi_resize), rebuild_instance,
      external_instance_event (rpcapi_rebuild), shelve_instance,
      shelve_offload_instance, unshelve_instance (rpcapi_shelve),
      snapshot_instance, backup_instance (rpcapi_snapshot)
"""
import oslo_messaging as messaging

from nova_lite.compute import rpcapi_actions
from nova_lite.compute import rpcapi_rebuild
from nova_lite.compute import rpcapi_resize
from nova_lite.compute import rpcapi_shelve
from nova_lite.compute import rpcapi_snapshot
from nova_lite import rpc

TOPIC = 'compute'
RPC_VERSION = '1.0'


class ComputeAPI(rpcapi_actions.ServerActionsRPCMixin,
                 rpcapi_resize.ResizeRPCMixin,
                 rpcapi_rebuild.RebuildEventsRPCMixin,
                 rpcapi_shelve.ShelveRPCMixin,
                 rpcapi_snapshot.SnapshotRPCMixin):
    def __init__(self, version_cap=None):
        target = messaging.Target(topic=TOPIC, version=RPC_VERSION)
        self.client = rpc.get_versioned_client(target, 'compute')

    def _host(self, host):
        return self.client.prepare(server=host)

    def build_and_run_instance(self, context, instance, host, image,
                               request_spec, filter_properties, node=None):
        self._host(host).cast(context, 'build_and_run_instance',
                              instance=instance, image=image,
                              request_spec=request_spec,
                              filter_properties=filter_properties, node=node)

    def terminate_instance(self, context, instance):
        self._host(instance.host).cast(context, 'terminate_instance',
                                       instance=instance)

    def reboot_instance(self, context, instance, reboot_type):
        self._host(instance.host).cast(context, 'reboot_instance',
                                       instance=instance,
                                       reboot_type=reboot_type)

    def _cast_simple(self, context, method, instance):
        self._host(instance.host).cast(context, method, instance=instance)

    def stop_instance(self, context, instance):
        self._cast_simple(context, 'stop_instance', instance)

    def start_instance(self, context, instance):
        self._cast_simple(context, 'start_instance', instance)

    def pause_instance(self, context, instance):
        self._cast_simple(context, 'pause_instance', instance)

    def unpause_instance(self, context, instance):
        self._cast_simple(context, 'unpause_instance', instance)

    def suspend_instance(self, context, instance):
        self._cast_simple(context, 'suspend_instance', instance)

    def resume_instance(self, context, instance):
        self._cast_simple(context, 'resume_instance', instance)

    def get_console_output(self, context, instance, tail_length=None):
        return self._host(instance.host).call(
            context, 'get_console_output', instance=instance,
            tail_length=tail_length)

    def get_vnc_console(self, context, instance, console_type):
        """Authorize a VNC console on the instance's host (call): returns
        {'token', 'access_url', 'host', 'port', 'internal_access_path'}."""
        return self._host(instance.host).call(
            context, 'get_vnc_console', instance=instance,
            console_type=console_type)

    def get_host_uptime(self, context, host):
        """The `uptime` line of a compute host (call); NotImplementedError
        when its driver cannot tell."""
        return self._host(host).call(context, 'get_host_uptime')
