"""Flavor extra spec validation (microversion 2.86): known keys, value
rules, unknown keys in known namespaces, Nova's messages."""
import pytest

from nova_lite.api import extra_specs
from nova_lite.api.extra_specs import base
from nova_lite import exception


@pytest.mark.parametrize('name,value', [
    ('hw:cpu_policy', 'dedicated'),
    ('hw:cpu_thread_policy', 'isolate'),
    ('hw:mem_page_size', '2MB'),
    ('hw:mem_page_size', 'large'),
    ('hw:numa_nodes', '2'),
    ('hw:numa_cpus.0', '0-3,^2'),
    ('hw:numa_mem.1', '1024'),
    ('hw:cpu_realtime', 'yes'),
    ('hw:watchdog_action', 'reset'),
    ('hw_rng:allowed', 'True'),
    ('hw_rng:rate_bytes', '1024'),
    ('hw_video:ram_max_mb', '64'),
    ('quota:cpu_shares', '2048'),
    ('quota:disk_read_iops_sec_max', '100'),
    ('quota:vif_inbound_average', '10'),
    ('trait:HW_CPU_X86_AVX2', 'required'),
    ('trait1:CUSTOM_FOO', 'forbidden'),
    ('trait_group:CUSTOM_FOO', 'required'),
    ('resources:VGPU', '1'),
    ('resources2:CUSTOM_BAREMETAL', '0'),
    ('capabilities:cpu_info:vendor', 'Intel'),
    ('aggregate_instance_extra_specs:ssd', 'true'),
    ('os:secure_boot', 'required'),
    ('accel:device_profile', 'gpu-profile'),
    ('pci_passthrough:alias', 'a1:2,a2:1'),
    ('group_policy', 'isolate'),
    ('no_namespace_at_all', 'anything'),
    ('mycompany:whatever', 'anything'),
])
def test_accepted(name, value):
    extra_specs.validate(name, value)


@pytest.mark.parametrize('name,value,message', [
    ('hw:cpu_policy', 'sometimes',
     "Validation failed; 'sometimes' is not one of: dedicated, shared, "
     "mixed."),
    ('hw:numa_nodes', '0',
     "Validation failed; '0' is less than the min value of '1'."),
    ('hw:numa_nodes', 'two',
     "Validation failed; 'two' is not a valid integer value."),
    ('hw:cpu_realtime', 'maybe',
     "Validation failed; 'maybe' is not a valid boolean-like value."),
    ('hw:numa_cpus.0', 'a-b',
     "Validation failed; 'a-b' is not of the format "
     "'\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*'."),
    ('hw:no_such_key', '1',
     "Validation failed; extra spec 'hw:no_such_key' does not appear to be "
     "a valid extra spec."),
    ('trait:HW_CPU_X86_AVX2', 'yes',
     "Validation failed; 'yes' is not one of: required, forbidden."),
    ('resources:VGPU', '-1',
     "Validation failed; '-1' is less than the min value of '0'."),
    ('quota:cpu_shares_level', 'extreme',
     "Validation failed; 'extreme' is not one of: custom, high, normal, "
     "low."),
    ('os:no_such_key', 'x',
     "Validation failed; extra spec 'os:no_such_key' does not appear to be "
     "a valid extra spec."),
])
def test_refused(name, value, message):
    with pytest.raises(exception.ValidationError) as err:
        extra_specs.validate(name, value)
    assert err.value.code == 400
    assert err.value.format_message() == message


def test_namespaces_cover_nova_ones():
    plain = {ns for ns in extra_specs.NAMESPACES if '(' not in ns}
    assert {'hw', 'hw_rng', 'hw_video', 'quota', 'capabilities', 'os',
            'accel', 'aggregate_instance_extra_specs',
            'pci_passthrough'} <= plain
    assert any(ns.startswith('trait(') for ns in extra_specs.NAMESPACES)
    assert any(ns.startswith('resources(') for ns in extra_specs.NAMESPACES)


def test_spec_with_parameters_and_max():
    spec = base.Spec('x:thing.{n}', {'type': int, 'max': 3}, {'n': r'\d+'})
    assert spec.matches('x:thing.12') and not spec.matches('x:thing.a')
    spec.validate('x:thing.1', '3')
    with pytest.raises(exception.ValidationError, match='greater than the '
                       "max value of '3'"):
        spec.validate('x:thing.1', '4')
    with pytest.raises(exception.ValidationError, match='expected a name'):
        spec.validate('x:other', '1')
    with pytest.raises(ValueError):
        base.Spec('x:y', {'type': float})
