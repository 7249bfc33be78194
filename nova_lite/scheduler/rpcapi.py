"""Client side of the scheduler RPC API (topic 'scheduler').

Version history:

1.0 - select_destinations
1.1 - select_destinations takes request_spec as a RequestSpec object
      (its legacy dict before)
1.2 - refresh_nodes (a fanout cast)

Each method names the version it needs; [upgrade_levels] scheduler caps
what is sent (nova_lite.upgrade_levels).
"""
import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'scheduler'
RPC_VERSION = '1.2'


class SchedulerAPI(object):
    def __init__(self):
        target = messaging.Target(topic=TOPIC, version=RPC_VERSION)
        self.client = rpc.get_versioned_client(target, 'scheduler')

    def select_destinations(self, context, request_spec, filter_properties,
                            instance_uuids):
        """For each instance, a ranked list of candidate hosts: the first is
        the choice, the rest are alternates for a lost claim race."""
        if self.client.can_send_version('1.1'):
            cctxt = self.client.prepare(version='1.1')
        else:
            cctxt = self.client.prepare(version='1.0')
            request_spec = request_spec.to_legacy_dict()
        return cctxt.call(context, 'select_destinations',
                          request_spec=request_spec,
                          filter_properties=filter_properties,
                          instance_uuids=instance_uuids)

    def refresh_nodes(self, context, compute_node_ids):
        """Tell every scheduler that claims on these nodes failed, so each
        re-reads them into its host-state cache (a fanout cast; schedulers
        before 1.2 refresh them with their next changed-since read)."""
        if not self.client.can_send_version('1.2'):
            return
        cctxt = self.client.prepare(version='1.2', fanout=True)
        cctxt.cast(context, 'refresh_nodes',
                   compute_node_ids=list(compute_node_ids))
