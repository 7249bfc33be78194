"""compute_driver = auto: libvirt when libvirtd answers, the test image is
built and QEMU can reach instances_path; else fake, saying why."""
import pytest

from nova_lite.image import default_image
from nova_lite.virt import auto
from nova_lite.virt.libvirt import access
from tests import conf as tests_conf


@pytest.fixture
def conf():
    c = tests_conf.parse_once()
    c.set_override('compute_driver', 'auto')
    yield c
    c.clear_override('compute_driver')
    c.clear_override('instances_path')
    c.clear_default('instances_path')
    c.clear_default('virt_type', group='libvirt')


def _host(monkeypatch, problem=None, kvm=False, image=True, path_ok=True):
    monkeypatch.setattr(auto, '_probe_libvirt',
                        lambda uri, cpu_mode: (problem, kvm))
    monkeypatch.setattr(default_image, 'built_test_image',
                        lambda: ('x.qcow2', {}) if image else None)
    monkeypatch.setattr(access, 'instances_path_problem',
                        lambda path, uri: None if path_ok else 'blocked')


def test_libvirt_with_qemu_when_kvm_guests_do_not_start(conf, monkeypatch):
    _host(monkeypatch)
    said = auto.choose(conf)
    assert conf.compute_driver == auto.LIBVIRT
    assert conf.libvirt.virt_type == 'qemu'
    assert said.startswith('libvirt driver: real guests')


def test_kvm_when_it_works(conf, monkeypatch):
    _host(monkeypatch, kvm=True)
    auto.choose(conf)
    assert conf.libvirt.virt_type == 'kvm'


@pytest.mark.parametrize('kw,why', [
    ({'problem': 'no libvirtd answers'}, 'no libvirtd answers'),
    ({'image': False}, 'tools/build-test-image.sh'),
    ({'path_ok': False}, 'blocked'),
])
def test_fake_and_why(conf, monkeypatch, kw, why):
    _host(monkeypatch, **kw)
    said = auto.choose(conf)
    assert conf.compute_driver == auto.FAKE
    assert said.startswith('fake driver: ') and why in said


def test_an_explicit_driver_is_kept(conf, monkeypatch):
    conf.set_override('compute_driver', 'fake.FakeDriver')
    _host(monkeypatch)
    assert auto.choose(conf) == ''
    assert conf.compute_driver == 'fake.FakeDriver'
