"""Compute RPC client methods of the server actions: rescue, unrescue,
trigger_crash_dump, soft delete and restore, diagnostics.

Mixed into nova_lite.compute.rpcapi.ComputeAPI (which provides _host and
_cast_simple).
"""


class ServerActionsRPCMixin(object):

    def rescue_instance(self, context, instance, rescue_password,
                        image_meta):
        self._host(instance.host).cast(context, 'rescue_instance',
                                       instance=instance,
                                       rescue_password=rescue_password,
                                       image_meta=image_meta)

    def unrescue_instance(self, context, instance):
        self._cast_simple(context, 'unrescue_instance', instance)

    def trigger_crash_dump(self, context, instance):
        self._cast_simple(context, 'trigger_crash_dump', instance)

    def soft_delete_instance(self, context, instance):
        self._cast_simple(context, 'soft_delete_instance', instance)

    def restore_instance(self, context, instance):
        self._cast_simple(context, 'restore_instance', instance)

    def get_diagnostics(self, context, instance):
        return self._host(instance.host).call(context, 'get_diagnostics',
                                              instance=instance)

    def get_instance_diagnostics(self, context, instance):
        return self._host(instance.host).call(
            context, 'get_instance_diagnostics', instance=instance)
