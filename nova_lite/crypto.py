"""Keypair material: generation and fingerprints, computed the way Nova
computes them (md5 of the ssh key blob, sha1 of the x509 DER), with the
`cryptography` package."""
import base64
import binascii
import datetime
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from nova_lite import exception

KEY_BITS = 2048
_X509_DAYS = 3650


def _colon_hex(digest_hex):
    return ':'.join(digest_hex[i:i + 2] for i in range(0, len(digest_hex), 2))


def generate_fingerprint(public_key):
    """md5 of the base64-decoded key blob of an OpenSSH public key line,
    in colon hex; InvalidKeypair (400) if it is not a valid ssh key."""
    try:
        if not isinstance(public_key, str):
            raise ValueError('not a string')
        serialization.load_ssh_public_key(public_key.strip().encode('utf-8'))
        blob = base64.b64decode(public_key.strip().split()[1])
        return _colon_hex(hashlib.md5(blob, usedforsecurity=False).hexdigest())
    except Exception:
        raise exception.InvalidKeypair(
            reason='failed to generate fingerprint')


def generate_x509_fingerprint(pem_cert):
    """sha1 of the DER certificate in colon hex."""
    try:
        if isinstance(pem_cert, str):
            pem_cert = pem_cert.encode('utf-8')
        cert = x509.load_pem_x509_certificate(pem_cert)
        return _colon_hex(binascii.hexlify(
            cert.fingerprint(hashes.SHA1())).decode('ascii'))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise exception.InvalidKeypair(
            reason='failed to generate X509 fingerprint. Error message: %s'
                   % exc)


def generate_key_pair(bits=KEY_BITS):
    """(private key PEM, 'ssh-rsa ... Generated-by-Nova', fingerprint)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode('ascii')
    public_key = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode('ascii')
    public_key = '%s Generated-by-Nova' % public_key
    return private_key, public_key, generate_fingerprint(public_key)


def generate_x509_cert(user_id, bits=KEY_BITS):
    """A self-signed client certificate for passwordless (WinRM) logins:
    (private key PEM, certificate PEM, sha1 fingerprint)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                            str(user_id))])
    now = datetime.datetime.now(datetime.timezone.utc)
    upn = x509.OtherName(x509.ObjectIdentifier('1.3.6.1.4.1.311.20.2.3'),
                         _der_utf8('%s@localhost' % user_id))
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=_X509_DAYS))
            .add_extension(x509.ExtendedKeyUsage(
                [x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName([upn]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    private_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode('ascii')
    certificate = cert.public_bytes(serialization.Encoding.PEM).decode(
        'ascii')
    return private_key, certificate, generate_x509_fingerprint(certificate)


def _der_utf8(text):
    """DER encoding of an ASN.1 UTF8String (the UPN otherName value)."""
    data = text.encode('utf-8')
    if len(data) < 0x80:
        length = bytes([len(data)])
    else:
        size = (len(data).bit_length() + 7) // 8
        length = bytes([0x80 | size]) + len(data).to_bytes(size, 'big')
    return b'\x0c' + length + data
