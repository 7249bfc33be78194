"""/servers/{server_id}/os-interface: the server's ports (Neutron's, by
device_id), attach (hot-plug on the server's host) and detach."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import server_interfaces as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.network import api as network_api
from nova_lite.policies import attach_interfaces as policy

CHANGES = microversion.Changes({
    'tag_in_request': '2.49',
    'tag_in_answer': '2.70',
})


def _network():
    return network_api.API()


def attachment(port, show_tag=False):
    body = {'port_state': port.get('status'),
            'fixed_ips': [{'subnet_id': f.get('subnet_id'),
                           'ip_address': f.get('ip_address')}
                          for f in port.get('fixed_ips') or []],
            'port_id': port['id'], 'net_id': port.get('network_id'),
            'mac_addr': port.get('mac_address')}
    if show_tag:
        body['tag'] = None
    return body


def _show_tag():
    return 'tag_in_answer' in CHANGES.current()


@faults.answers({exception.NetworkServiceUnavailable: 503})
def index(server_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'list')
    network = _network()
    if not network.enabled(ctx):
        return base.reply({'interfaceAttachments': []})
    ports = network.list_ports(ctx, device_id=instance.uuid)
    return base.reply({'interfaceAttachments': [
        attachment(p, _show_tag()) for p in ports]})


def _port_of(ctx, instance, port_id):
    network = _network()
    if not network.enabled(ctx):
        raise exception.PortNotFound(port_id=port_id)
    port = network.show_port(ctx, port_id)
    if port.get('device_id') != instance.uuid:
        raise exception.NotFound('Instance %s does not have a port with '
                                 'id %s' % (instance.uuid, port_id))
    return port


def show(server_id, port_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'show')
    port = _port_of(ctx, instance, port_id)
    return base.reply({'interfaceAttachment': attachment(port,
                                                         _show_tag())})


@faults.answers({
    exception.InstanceInvalidState: faults.conflict('attach_interface'),
    exception.NetworkAmbiguous: 400,
    exception.NoMoreFixedIps: 400,
    exception.PortNotUsable: 400,
    exception.SecurityGroupCannotBeApplied: 400,
    exception.FixedIpAlreadyInUse: 409,
    exception.PortInUse: 409,
    exception.InterfaceAttachFailed: 500,
})
def create(server_id):
    ctx = base.context()
    body = base.body()
    schema = schemas.create_v249 \
        if 'tag_in_request' in CHANGES.current() else schemas.create
    validation.validate(body, schema)
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'create')
    request = body.get('interfaceAttachment') or {}
    network_id = request.get('net_id')
    port_id = request.get('port_id')
    fixed_ips = request.get('fixed_ips') or []
    if network_id and port_id:
        raise exception.ValidationError(
            detail='Must not input both network_id and port_id')
    if fixed_ips and not network_id:
        raise exception.ValidationError(
            detail='Must input network_id when request IP address')
    requested_ip = fixed_ips[0]['ip_address'] if fixed_ips else None
    vif = base.compute_api().attach_interface(
        ctx, instance, network_id=network_id, port_id=port_id,
        requested_ip=requested_ip, tag=request.get('tag'))
    port = _network().show_port(ctx, vif['id'])
    return base.reply({'interfaceAttachment': attachment(port,
                                                         _show_tag())})


@faults.answers({
    exception.InstanceInvalidState: faults.conflict('detach_interface')})
def delete(server_id, port_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'delete')
    if not _network().enabled(ctx):
        raise exception.PortNotFound(port_id=port_id)
    base.compute_api().detach_interface(ctx, instance, port_id)
    return base.reply(status=202)


server_subresources.register('os-interface', routing.Resource(
    collection={'GET': index, 'POST': create},
    item={'GET': show, 'DELETE': delete}))
