"""The network service's errors, named and worded as Neutron's: the API
answers {"NeutronError": {"type": <class name>, "message", "detail"}}
with each class's code. They cross RPC by type (nova_lite.rpc
ALLOWED_EXMODS)."""
from nova_lite import exception


class NeutronException(exception.NovaLiteException):
    code = 500
    msg_fmt = 'An unknown exception occurred.'


class BadRequest(NeutronException):
    code = 400
    msg_fmt = 'Bad %(resource)s request: %(msg)s.'


class InvalidInput(BadRequest):
    msg_fmt = 'Invalid input for operation: %(error_message)s.'


class NotFound(NeutronException):
    code = 404
    msg_fmt = 'The resource could not be found.'


class NetworkNotFound(NotFound):
    msg_fmt = 'Network %(net_id)s could not be found.'


class SubnetNotFound(NotFound):
    msg_fmt = 'Subnet %(subnet_id)s could not be found.'


class PortNotFound(NotFound):
    msg_fmt = 'Port %(port_id)s could not be found.'


class SecurityGroupNotFound(NotFound):
    msg_fmt = 'Security group %(id)s does not exist'


class SecurityGroupRuleNotFound(NotFound):
    msg_fmt = 'Security group rule %(id)s does not exist'


class FloatingIPNotFound(NotFound):
    msg_fmt = 'Floating IP %(floatingip_id)s could not be found'


class ExternalGatewayForFloatingIPNotFound(NotFound):
    msg_fmt = ('External network %(external_network_id)s is not reachable '
               'from subnet %(subnet_id)s.  Therefore, cannot associate '
               'Port %(port_id)s with a Floating IP.')


class Conflict(NeutronException):
    code = 409
    msg_fmt = 'A conflict occurred.'


class InUse(Conflict):
    msg_fmt = 'The resource is in use.'


class NetworkInUse(InUse):
    msg_fmt = ('Unable to complete operation on network %(net_id)s. '
               'There are one or more ports still in use on the network.')


class SubnetInUse(InUse):
    msg_fmt = ('Unable to complete operation on subnet %(subnet_id)s: '
               'One or more ports have an IP allocation from this subnet.')


class PortInUse(InUse):
    msg_fmt = ('Unable to complete operation on port %(port_id)s for '
               'network %(net_id)s. Port already has an attached device '
               '%(device_id)s.')


class MacAddressInUse(InUse):
    msg_fmt = ('Unable to complete operation for network %(net_id)s. '
               'The mac address %(mac)s is in use.')


class IpAddressInUse(InUse):
    msg_fmt = ('Unable to complete operation for network %(net_id)s. '
               'The IP address %(ip_address)s is in use.')


class IpAddressAlreadyAllocated(Conflict):
    msg_fmt = 'IP address %(ip)s already allocated in subnet %(subnet_id)s'


class IpAddressGenerationFailure(Conflict):
    msg_fmt = 'No more IP addresses available on network %(net_id)s.'


class OverQuota(Conflict):
    msg_fmt = 'Quota exceeded for resources: %(overs)s.'


class SecurityGroupInUse(InUse):
    msg_fmt = 'Security Group %(id)s %(reason)s.'


class SecurityGroupCannotRemoveDefault(InUse):
    msg_fmt = 'Insufficient rights for removing default security group.'


class SecurityGroupRuleExists(InUse):
    msg_fmt = 'Security group rule already exists. Rule id is %(rule_id)s.'


class NotAuthorized(NeutronException):
    code = 403
    msg_fmt = 'Not authorized.'


class PolicyNotAuthorized(NotAuthorized):
    msg_fmt = '(%(action)s) is disallowed by policy'


class HTTPBadRequest(BadRequest):
    """An attribute failed validation (Neutron's API layer answers these
    with the webob exception's name)."""
    msg_fmt = 'Invalid input for %(attr)s. Reason: %(reason)s.'


class InvalidAllocationPool(BadRequest):
    msg_fmt = 'The allocation pool %(pool)s is not valid.'


class OutOfBoundsAllocationPool(BadRequest):
    msg_fmt = ('The allocation pool %(pool)s spans beyond the subnet cidr '
               '%(subnet_cidr)s.')


class OverlappingAllocationPools(Conflict):
    msg_fmt = ('Found overlapping allocation pools: %(pool_1)s %(pool_2)s '
               'for subnet %(subnet_cidr)s.')


class GatewayConflictWithAllocationPools(InUse):
    msg_fmt = 'Gateway ip %(ip_address)s conflicts with allocation pool %(pool)s.'


class PortSecurityAndIPRequiredForSecurityGroups(InvalidInput):
    msg_fmt = ('Port security must be enabled and port must have an IP '
               'address in order to use security groups.')


class PortSecurityPortHasSecurityGroup(InUse):
    msg_fmt = ('Port has security group associated. Cannot disable port '
               'security or IP address until security group is removed')


class SecurityGroupDefaultAlreadyExists(InUse):
    msg_fmt = 'Default security group already exists.'
