"""Security groups and rules; a change reaches the agents of every host
with a port in the group."""
import uuid

from nova_lite.network import exceptions as exc
from nova_lite import objects

PROTOCOLS = {'tcp': 6, 'udp': 17, 'icmp': 1, 'icmpv6': 58, 'ipv6-icmp': 58,
             'sctp': 132}


class SecurityGroups(object):
    def __init__(self, conf, events):
        self.conf = conf
        self.events = events

    def ensure_default(self, context, project_id):
        if project_id:
            objects.SecurityGroup.ensure_default(context, project_id)

    def create_group(self, context, values):
        self.ensure_default(context, values.get('project_id'))
        group = objects.SecurityGroup(
            context, id=str(uuid.uuid4()), name=values.get('name') or '',
            description=values.get('description') or '',
            project_id=values.get('project_id'),
            stateful=values.get('stateful', True))
        group.create()
        return group

    def get_group(self, context, sg_id):
        return objects.SecurityGroup.get_by_id(context, sg_id)

    def list_groups(self, context, filters):
        return objects.SecurityGroupList.get_all(context, filters)

    def update_group(self, context, group, values):
        if values.get('name') and values['name'] != 'default' and \
                group.name == 'default' and \
                objects.SecurityGroup.is_default(context, group.id):
            raise exc.BadRequest(resource='security_group',
                                 msg='Updating default security group not '
                                     'allowed.')
        for key, value in values.items():
            setattr(group, key, value)
        group.save()
        return group

    def delete_group(self, context, group, admin):
        if not admin and objects.SecurityGroup.is_default(context,
                                                          group.id):
            raise exc.SecurityGroupCannotRemoveDefault()
        group.destroy()

    # -- rules ---------------------------------------------------------------

    def create_rule(self, context, values):
        values = dict(values)
        group = objects.SecurityGroup.get_by_id(context,
                                                values['security_group_id'])
        values.setdefault('project_id', group.project_id)
        values = normalize_rule(values)
        rule = objects.SecurityGroupRule(context, id=str(uuid.uuid4()),
                                         **values)
        rule.create()
        self.events.security_groups_updated(context, [group.id])
        return rule

    def get_rule(self, context, rule_id):
        return objects.SecurityGroupRule.get_by_id(context, rule_id)

    def list_rules(self, context, filters):
        return objects.SecurityGroupRuleList.get_all(context, filters)

    def delete_rule(self, context, rule):
        rule.destroy()
        self.events.security_groups_updated(context,
                                            [rule.security_group_id])


def normalize_rule(values):
    """Neutron's checks of a rule's attributes (values already typed)."""
    import ipaddress
    direction = values.get('direction')
    if direction not in ('ingress', 'egress'):
        raise exc.HTTPBadRequest(attr='direction', reason="'%s' is not in "
                                 "['ingress', 'egress']" % (direction,))
    ethertype = values.get('ethertype') or 'IPv4'
    if ethertype.lower() == 'ipv4':
        ethertype = 'IPv4'
    elif ethertype.lower() == 'ipv6':
        ethertype = 'IPv6'
    else:
        raise exc.HTTPBadRequest(attr='ethertype', reason="'%s' is not in "
                                 "['IPv4', 'IPv6']" % ethertype)
    values['ethertype'] = ethertype
    protocol = values.get('protocol')
    if protocol is not None:
        protocol = str(protocol).lower()
        if protocol in ('any', ''):
            protocol = None
        elif protocol not in PROTOCOLS and not (
                protocol.isdigit() and 0 <= int(protocol) <= 255):
            raise exc.NeutronException(message=(
                'Security group rule protocol %s not supported. Only '
                'protocol values [None, %s] and integer representations '
                '[0 to 255] are supported.' % (protocol, ', '.join(
                    sorted(PROTOCOLS)))))
    values['protocol'] = protocol
    low, high = values.get('port_range_min'), values.get('port_range_max')
    if protocol in ('tcp', 'udp', 'sctp', '6', '17', '132'):
        if low is not None and high is not None and low > high:
            raise exc.InvalidInput(error_message=(
                'For TCP/UDP protocols, port_range_min must be <= '
                'port_range_max'))
        for port in (low, high):
            if port is not None and not 0 < port <= 65535:
                raise exc.InvalidInput(error_message=(
                    'Invalid value for port %s' % port))
    elif (low is not None or high is not None) and protocol is None:
        raise exc.InvalidInput(error_message=(
            'Must also specify protocol if port range is given.'))
    prefix = values.get('remote_ip_prefix')
    if prefix:
        try:
            net = ipaddress.ip_network(prefix, strict=False)
        except ValueError:
            raise exc.HTTPBadRequest(attr='remote_ip_prefix', reason=(
                "'%s' is not a valid IP subnet" % prefix))
        if 'IPv%d' % net.version != ethertype:
            raise exc.InvalidInput(error_message=(
                'Conflicting value ethertype %s for CIDR %s'
                % (ethertype, prefix)))
        if values.get('remote_group_id'):
            raise exc.InvalidInput(error_message=(
                'Only remote_ip_prefix or remote_group_id may be provided.'))
    return values
