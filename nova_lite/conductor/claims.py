"""How the conductor takes a host for an instance, for builds, moves and
unshelve alike: the scheduler's candidates in order, each claimed
atomically (objects.Allocation.claim); a claim that lost a race to
another request moves on to the next candidate."""
from oslo_log import log as logging

from nova_lite.compute import server_groups
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)


def claim_first_fit(context, instance_uuid, flavor, candidates,
                    is_bfv=False, scheduler_rpcapi=None):
    """The first of `candidates` (scheduler selections: host, nodename,
    compute_node_id) on which `flavor` is now claimed for the instance
    (without its root disk for a server booted from volume), or None when
    every claim lost its race. The nodes whose claim failed are named to
    the schedulers (their cached host states were wrong)."""
    disk_gb = (0 if is_bfv else flavor.root_gb) + flavor.ephemeral_gb
    failed = []
    chosen = None
    for candidate in candidates:
        try:
            objects.Allocation.claim(
                context, instance_uuid, candidate['compute_node_id'],
                flavor.vcpus, flavor.memory_mb, disk_gb)
        except exception.ClaimFailed:
            LOG.info('Claim for %s on %s lost a race; trying the next '
                     'host', instance_uuid, candidate['host'])
            failed.append(candidate['compute_node_id'])
            continue
        chosen = candidate
        break
    if failed and scheduler_rpcapi is not None:
        try:
            scheduler_rpcapi.refresh_nodes(context, failed)
        except Exception:
            # Only an optimisation: their next change refreshes them too.
            LOG.exception('Could not ask the schedulers to refresh nodes '
                          '%s', failed)
    return chosen


def schedule_and_claim(context, scheduler_rpcapi, instance, flavor,
                       request_spec):
    """Schedule an existing instance (a move, an unshelve) with its server
    group and claim `flavor` on the first candidate that fits; raises
    NoValidHost."""
    if request_spec.group() is None:
        request_spec.instance_group = server_groups.group_of_instance(
            context, instance)
    server_groups.refresh_hosts(context, request_spec, [instance.uuid])
    selections = scheduler_rpcapi.select_destinations(
        context, request_spec, {}, [instance.uuid])
    chosen = claim_first_fit(context, instance.uuid, flavor, selections[0],
                             is_bfv=request_spec.boots_from_volume(),
                             scheduler_rpcapi=scheduler_rpcapi)
    if chosen is None:
        raise exception.NoValidHost(
            reason='Resources were claimed by other requests first.')
    return chosen
