"""Compute RPC client methods for rebuild and external events.

Mixed into nova_lite.compute.rpcapi.ComputeAPI (which provides _host).
"""


class RebuildEventsRPCMixin(object):

    def rebuild_instance(self, context, instance, image, orig_image_ref,
                         admin_password=None, preserve_ephemeral=False):
        self._host(instance.host).cast(
            context, 'rebuild_instance', instance=instance, image=image,
            orig_image_ref=orig_image_ref, admin_password=admin_password,
            preserve_ephemeral=preserve_ephemeral)

    def external_instance_event(self, context, instances, events, host):
        """events: dicts {name, tag, status, server_uuid}."""
        self._host(host).cast(context, 'external_instance_event',
                              instances=instances, events=events)
