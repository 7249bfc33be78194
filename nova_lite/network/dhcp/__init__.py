"""DHCP for guest networks, as Neutron's DHCP agent does it: one
`qdhcp-<network id>` namespace and one dnsmasq per network."""
from nova_lite.network.dhcp.manager import DhcpManager  # noqa: F401
