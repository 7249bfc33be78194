"""Versioned objects. Remotable methods run in the conductor; other
services forward them there over RPC (the indirection API)."""


def register_all():
    # Importing the modules registers the classes with the registry.
    __import__('nova_lite.objects.allocation')
    __import__('nova_lite.objects.compute_node')
    __import__('nova_lite.objects.flavor')
    __import__('nova_lite.objects.instance')
    __import__('nova_lite.objects.instance_action')
    __import__('nova_lite.objects.instance_fault')
    __import__('nova_lite.objects.service')
