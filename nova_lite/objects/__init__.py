"""Versioned objects. Remotable methods run in the conductor; other
services forward them there over RPC (the indirection API)."""


def register_all():
    # Importing the modules registers the classes with the registry.
    __import__('nova_lite.objects.allocation')
    __import__('nova_lite.objects.block_device')
    __import__('nova_lite.objects.aggregate')
    __import__('nova_lite.objects.keypair')
    __import__('nova_lite.objects.compute_node')
    __import__('nova_lite.objects.console_auth_token')
    __import__('nova_lite.objects.flavor')
    __import__('nova_lite.objects.flavor_extras')
    __import__('nova_lite.objects.instance')
    __import__('nova_lite.objects.instance_action')
    __import__('nova_lite.objects.instance_fault')
    __import__('nova_lite.objects.instance_group')
    __import__('nova_lite.objects.instance_info_cache')
    __import__('nova_lite.objects.instance_usage')
    __import__('nova_lite.objects.migration')
    __import__('nova_lite.objects.network')
    __import__('nova_lite.objects.port')
    __import__('nova_lite.objects.quotas')
    __import__('nova_lite.objects.request_spec')
    __import__('nova_lite.objects.security_group')
    __import__('nova_lite.objects.service')
    __import__('nova_lite.objects.tag')
