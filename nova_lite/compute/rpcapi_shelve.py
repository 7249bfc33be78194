"""Compute RPC client methods of shelve, shelve offload and unshelve
(all casts): shelve_instance and shelve_offload_instance go to the
instance's host, unshelve_instance to the host the conductor chose.

Mixed into nova_lite.compute.rpcapi.ComputeAPI (which provides _host).
"""


class ShelveRPCMixin(object):

    def shelve_instance(self, context, instance, image_id,
                        clean_shutdown=True):
        self._host(instance.host).cast(context, 'shelve_instance',
                                       instance=instance, image_id=image_id,
                                       clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, context, instance,
                                clean_shutdown=True):
        self._host(instance.host).cast(context, 'shelve_offload_instance',
                                       instance=instance,
                                       clean_shutdown=clean_shutdown)

    def unshelve_instance(self, context, instance, host, image, node=None):
        self._host(host).cast(context, 'unshelve_instance',
                              instance=instance, image=image, node=node)
