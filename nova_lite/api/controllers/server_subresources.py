"""The sub-resources of /servers/{server_id} (nova_lite.api.controllers.
routing): each handler module registers its Resource here.

    action, remote-consoles (2.6), metadata, tags (2.26), ips,
    os-instance-actions, os-server-password, diagnostics, os-interface,
    migrations (2.23), os-volume_attachments
"""
from nova_lite.api.controllers import routing

SUBRESOURCES = routing.SubResources()
register = SUBRESOURCES.register

_LOADED = False


def lookup(server_id, name, remainder):
    _load()
    return SUBRESOURCES.lookup(server_id, name, remainder)


def _load():
    """Import the handler modules (they register themselves)."""
    global _LOADED
    if _LOADED:
        return
    from nova_lite.api.controllers import instance_actions  # noqa: F401
    from nova_lite.api.controllers import remote_consoles  # noqa: F401
    from nova_lite.api.controllers import server_actions  # noqa: F401
    from nova_lite.api.controllers import server_diagnostics  # noqa: F401
    from nova_lite.api.controllers import server_interfaces  # noqa: F401
    from nova_lite.api.controllers import server_ips  # noqa: F401
    from nova_lite.api.controllers import server_migrations  # noqa: F401
    from nova_lite.api.controllers import server_metadata  # noqa: F401
    from nova_lite.api.controllers import server_password  # noqa: F401
    from nova_lite.api.controllers import server_tags  # noqa: F401
    from nova_lite.api.controllers import volume_attachments  # noqa: F401
    _LOADED = True
