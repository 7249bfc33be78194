"""The default flavors an operator bootstraps (DevStack's set, plus the
small ones tempest and the tiny test guest use)."""
from nova_lite import exception
from nova_lite import objects

# (flavorid, name, vcpus, memory_mb, root_gb)
DEFAULT_FLAVORS = [
    ('1', 'm1.tiny', 1, 512, 1),
    ('2', 'm1.small', 1, 2048, 20),
    ('3', 'm1.medium', 2, 4096, 40),
    ('4', 'm1.large', 4, 8192, 80),
    ('5', 'm1.xlarge', 8, 16384, 160),
    ('42', 'm1.nano', 1, 128, 1),
    ('84', 'm1.micro', 1, 192, 1),
]


def create_flavor(context, name, memory_mb, vcpus, root_gb, flavorid,
                  ephemeral_gb=0, swap=0, rxtx_factor=1.0, is_public=True,
                  description=None, extra_specs=None):
    flavor = objects.Flavor(
        context, name=name, memory_mb=memory_mb, vcpus=vcpus,
        root_gb=root_gb, ephemeral_gb=ephemeral_gb, swap=swap,
        flavorid=flavorid, rxtx_factor=rxtx_factor, is_public=is_public,
        disabled=False, description=description,
        extra_specs=extra_specs or {})
    flavor.create()
    return flavor


def ensure_default_flavors(context):
    """Create any default flavor that is missing; returns those created."""
    created = []
    for flavorid, name, vcpus, memory_mb, root_gb in DEFAULT_FLAVORS:
        try:
            created.append(create_flavor(context, name, memory_mb, vcpus,
                                         root_gb, flavorid))
        except (exception.FlavorExists, exception.FlavorNameExists):
            continue
    return created
