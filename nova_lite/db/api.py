"""The DB API: every query the conductor (and nova-lite-manage) runs.

Each query is its own transaction through oslo.db's enginefacade; rows leave
as plain dicts (models.Base.as_dict), so nothing outside holds a session.
The queries live in nova_lite.db.queries, one module per area.
"""
# flake8: noqa: F401,F403
from nova_lite.db.engine import configure, dispose, get_engine
# Several reads of one object call in one transaction (one pooled
# connection): `with db.api.reader(context): ...`.
from nova_lite.db.engine import reader
# Several writes in one transaction: `with db.api.writer(context): ...`.
from nova_lite.db.engine import writer
from nova_lite.db.queries.services import (
    service_create,
    service_get,
    service_get_by_uuid,
    service_get_by_host_and_binary,
    service_get_all,
    service_get_minimum_version,
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
    instance_update,
    instance_destroy,
    instance_get_all_by_filters,
    instance_get_unplaced_builds,
    instance_take_build)
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
from nova_lite.db.queries.instance_tags import (
    instance_tag_get_by_instance_uuid,
    instance_tag_get_by_instance_uuids,
    instance_tag_exists,
    instance_tag_add,
    instance_tag_set,
    instance_tag_delete,
    instance_tag_delete_all)
from nova_lite.db.queries.console_auth_tokens import (
    console_auth_token_create,
    console_auth_token_get_valid,
    console_auth_token_destroy_all_by_instance,
    console_auth_token_destroy_expired)
from nova_lite.db.queries.server_groups import (
    instance_group_create,
    instance_group_get_by_uuid,
    instance_group_get_by_instance,
    instance_group_get_all,
    instance_group_delete,
    instance_group_members_add,
    instance_group_member_delete_by_instance,
    instance_group_member_hosts)
from nova_lite.db.queries.migrations import (
    migration_create,
    migration_get,
    migration_get_by_uuid,
    migration_get_by_id_and_instance,
    migration_get_by_instance_and_status,
    migration_update,
    migration_get_in_progress_by_instance,
    migration_get_unconfirmed_by_dest_compute,
    migration_get_all_by_filters,
    allocations_move)
from nova_lite.db.queries.quotas import (
    quota_get_all,
    quota_get_all_user_limits,
    quota_class_get,
    quota_set,
    quota_class_set,
    quota_destroy_all_by_project,
    quota_destroy_all_by_project_and_user,
    quota_usage_count,
    quota_limits_and_usage,
    quota_count_group_members)
from nova_lite.db.queries.flavor_access import (
    flavor_access_get_by_flavor_id,
    flavor_access_add,
    flavor_access_remove,
    flavor_extra_specs_update)
from nova_lite.db.queries.instance_usage import (
    instance_get_active_by_window)
from nova_lite.db.queries.keypairs import (
    key_pair_create,
    key_pair_get,
    key_pair_get_all_by_user,
    key_pair_count_by_user,
    key_pair_destroy)
from nova_lite.db.queries.purge import purge_deleted_rows
from nova_lite.db.queries.aggregates import (
    aggregate_create,
    aggregate_get,
    aggregate_get_by_uuid,
    aggregate_get_all,
    aggregate_get_by_host,
    aggregate_host_azs,
    aggregate_update,
    aggregate_metadata_update,
    aggregate_host_add,
    aggregate_host_delete,
    aggregate_destroy)
from nova_lite.db.queries.instance_info_caches import (
    instance_info_cache_get,
    instance_info_cache_get_by_instance_uuids,
    instance_info_cache_update,
    instance_info_cache_delete)
from nova_lite.db.queries.network import (
    network_create,
    network_get,
    network_get_all,
    network_update,
    network_destroy,
    subnet_create,
    subnet_get,
    subnet_get_all,
    subnet_update,
    subnet_destroy,
    network_quota_get,
    network_quota_get_all,
    network_quota_set,
    network_quota_destroy,
    network_usage)
from nova_lite.db.queries.network_ports import (
    port_create,
    port_get,
    port_get_all,
    port_update,
    port_update_status,
    port_destroy,
    ip_allocation_get_all)
from nova_lite.db.queries.network_security_groups import (
    security_group_create,
    security_group_ensure_default,
    security_group_get,
    security_group_get_all,
    security_group_update,
    security_group_is_default,
    security_group_destroy,
    security_group_rule_create,
    security_group_rule_get,
    security_group_rule_get_all,
    security_group_rule_destroy,
    security_group_member_ips)
from nova_lite.db.queries.block_device_mappings import (
    block_device_mapping_create,
    block_device_mapping_create_all,
    block_device_mapping_update,
    block_device_mapping_destroy,
    block_device_mapping_destroy_by_instance,
    block_device_mapping_get_by_uuid,
    block_device_mapping_get_all_by_instance,
    block_device_mapping_get_all_by_instance_uuids,
    block_device_mapping_get_all_by_volume_id)
