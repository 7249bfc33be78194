"""Compute RPC client methods of resize and cold migration:
prep_resize (to the destination), resize_instance (source), finish_resize
(destination), confirm_resize (source), revert_resize (destination) and
finish_revert_resize (source). All are casts.

Mixed into nova_lite.compute.rpcapi.ComputeAPI (which provides _host).
"""


class ResizeRPCMixin(object):

    def prep_resize(self, context, instance, migration, flavor, host,
                    request_spec=None):
        self._host(host).cast(context, 'prep_resize', instance=instance,
                              migration=migration, flavor=flavor,
                              request_spec=request_spec)

    def resize_instance(self, context, instance, migration, flavor):
        self._host(migration.source_compute).cast(
            context, 'resize_instance', instance=instance,
            migration=migration, flavor=flavor)

    def finish_resize(self, context, instance, migration):
        self._host(migration.dest_compute).cast(
            context, 'finish_resize', instance=instance, migration=migration)

    def confirm_resize(self, context, instance, migration):
        self._host(migration.source_compute).cast(
            context, 'confirm_resize', instance=instance,
            migration=migration)

    def revert_resize(self, context, instance, migration):
        self._host(migration.dest_compute).cast(
            context, 'revert_resize', instance=instance, migration=migration)

    def finish_revert_resize(self, context, instance, migration):
        self._host(migration.source_compute).cast(
            context, 'finish_revert_resize', instance=instance,
            migration=migration)
