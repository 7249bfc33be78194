"""Keypair material: generation and Nova's fingerprints."""
import base64
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import serialization
import pytest

from nova_lite import crypto
from nova_lite import exception

# The public key (and its fingerprint) of Nova's keypairs-import sample.
SAMPLE_KEY = (
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/'
    '6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/'
    'OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSx'
    'sIbECHw== Generated-by-Nova')
SAMPLE_FINGERPRINT = '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c'


def test_ssh_fingerprint_is_md5_of_the_key_blob():
    assert crypto.generate_fingerprint(SAMPLE_KEY) == SAMPLE_FINGERPRINT
    blob = base64.b64decode(SAMPLE_KEY.split()[1])
    digest = hashlib.md5(blob).hexdigest()
    assert SAMPLE_FINGERPRINT.replace(':', '') == digest


@pytest.mark.parametrize('bad', ['', 'not a key', 'ssh-rsa AAAA',
                                 'ssh-rsa !!!! comment', None])
def test_invalid_ssh_key(bad):
    with pytest.raises(exception.InvalidKeypair) as exc:
        crypto.generate_fingerprint(bad)
    assert exc.value.format_message() == \
        'Keypair data is invalid: failed to generate fingerprint'
    assert exc.value.code == 400


def test_generate_ssh_key_pair():
    private_key, public_key, fingerprint = crypto.generate_key_pair()
    assert public_key.startswith('ssh-rsa ')
    assert public_key.endswith(' Generated-by-Nova')
    assert fingerprint == crypto.generate_fingerprint(public_key)
    key = serialization.load_pem_private_key(private_key.encode(), None)
    derived = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    assert public_key.startswith(derived)
    assert key.key_size == 2048


def test_generate_x509_cert():
    private_key, cert_pem, fingerprint = crypto.generate_x509_cert('alice')
    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    assert cert.subject.rfc4514_string() == 'CN=alice'
    assert fingerprint == crypto.generate_x509_fingerprint(cert_pem)
    assert len(fingerprint.split(':')) == 20
    key = serialization.load_pem_private_key(private_key.encode(), None)
    assert key.public_key().public_numbers() == \
        cert.public_key().public_numbers()


def test_invalid_x509():
    with pytest.raises(exception.InvalidKeypair) as exc:
        crypto.generate_x509_fingerprint('-----BEGIN CERTIFICATE-----\nxx')
    assert exc.value.format_message().startswith(
        'Keypair data is invalid: failed to generate X509 fingerprint. '
        'Error message: ')
