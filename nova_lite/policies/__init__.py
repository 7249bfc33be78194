"""Default policy rules, Nova's names and personas (admin, project member,
project reader). `list_rules()` feeds oslo.policy's sample generator and
the Enforcer."""
import itertools

from nova_lite.policies import base
from nova_lite.policies import aggregates
from nova_lite.policies import assisted_volume_snapshots
from nova_lite.policies import availability_zone
from nova_lite.policies import keypairs
from nova_lite.policies import console_output
from nova_lite.policies import extended_server_attributes
from nova_lite.policies import extensions
from nova_lite.policies import flavors
from nova_lite.policies import hosts
from nova_lite.policies import hypervisors
from nova_lite.policies import instance_usage_audit_log
from nova_lite.policies import quotas
from nova_lite.policies import remote_consoles
from nova_lite.policies import server_external_events
from nova_lite.policies import server_groups
from nova_lite.policies import server_rebuild
from nova_lite.policies import servers
from nova_lite.policies import services
# Server actions and sub-resources:
from nova_lite.policies import admin_actions
from nova_lite.policies import attach_interfaces
from nova_lite.policies import crash_dump
from nova_lite.policies import deferred_delete
from nova_lite.policies import instance_actions
from nova_lite.policies import ips
from nova_lite.policies import lock_server
from nova_lite.policies import migrations
from nova_lite.policies import networks
from nova_lite.policies import pause_server
from nova_lite.policies import rescue
from nova_lite.policies import security_groups
from nova_lite.policies import server_diagnostics
from nova_lite.policies import server_metadata
from nova_lite.policies import server_password
from nova_lite.policies import server_tags
from nova_lite.policies import shelve
from nova_lite.policies import server_snapshots
from nova_lite.policies import suspend_server
from nova_lite.policies import volumes
from nova_lite.policies import volumes_attachments


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        aggregates.list_rules(),
        assisted_volume_snapshots.list_rules(),
        availability_zone.list_rules(),
        keypairs.list_rules(),
        console_output.list_rules(),
        extended_server_attributes.list_rules(),
        extensions.list_rules(),
        flavors.list_rules(),
        hosts.list_rules(),
        hypervisors.list_rules(),
        instance_usage_audit_log.list_rules(),
        quotas.list_rules(),
        remote_consoles.list_rules(),
        servers.list_rules(),
        server_external_events.list_rules(),
        server_groups.list_rules(),
        server_rebuild.list_rules(),
        services.list_rules(),
        admin_actions.list_rules(),
        attach_interfaces.list_rules(),
        networks.list_rules(),
        security_groups.list_rules(),
        crash_dump.list_rules(),
        deferred_delete.list_rules(),
        instance_actions.list_rules(),
        ips.list_rules(),
        lock_server.list_rules(),
        migrations.list_rules(),
        pause_server.list_rules(),
        rescue.list_rules(),
        server_diagnostics.list_rules(),
        server_metadata.list_rules(),
        server_password.list_rules(),
        server_tags.list_rules(),
        shelve.list_rules(),
        server_snapshots.list_rules(),
        suspend_server.list_rules(),
        volumes.list_rules(),
        volumes_attachments.list_rules(),
    ))
