"""The DB API: every query the conductor (and nova-lite-manage) runs.

Each query is its own transaction through oslo.db's enginefacade; rows leave
as plain dicts (models.Base.as_dict), so nothing outside holds a session.
The queries live in nova_lite.db.queries, one module per area.
"""
# flake8: noqa: F401,F403
from nova_lite.db.engine import configure, dispose, get_engine
from nova_lite.db.queries.services import (
    service_create,
    service_get,
    service_get_by_uuid,
    service_get_by_host_and_binary,
    service_get_all,
    service_update,
    service_heartbeat,
    service_destroy)
from nova_lite.db.queries.compute_nodes import (
    compute_node_create,
    compute_node_get,
    compute_node_get_by_uuid,
    compute_node_get_by_host_and_nodename,
    compute_node_get_all,
    compute_node_update,
    compute_node_running_vms)
from nova_lite.db.queries.claims import (
    claim_resources,
    release_resources,
    allocations_get_by_consumer,
    allocations_get_all)
from nova_lite.db.queries.flavors import (
    flavor_create,
    flavor_get,
    flavor_get_by_flavor_id,
    flavor_get_by_name,
    flavor_get_all,
    flavor_update,
    flavor_destroy)
from nova_lite.db.queries.instances import (
    instance_create,
    instance_get_by_uuid,
    instance_update_and_get_original,
    instance_destroy,
    instance_get_all_by_filters)
from nova_lite.db.queries.instance_faults import (
    instance_fault_create,
    instance_fault_get_by_instance_uuids)
from nova_lite.db.queries.instance_actions import (
    action_start,
    action_finish,
    action_get_by_request_id,
    actions_get,
    action_event_start,
    action_event_finish,
    action_events_get)
