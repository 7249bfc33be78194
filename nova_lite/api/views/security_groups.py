"""Security groups and rules in Nova's os-security-groups shape, from
Neutron's: only ingress rules, remote group as {name, tenant_id},
remote prefix as ip_range {cidr}."""


def rule(r, groups_by_id):
    body = {'id': r['id'], 'parent_group_id': r['security_group_id'],
            'ip_protocol': r.get('protocol'),
            'from_port': r.get('port_range_min'),
            'to_port': r.get('port_range_max'),
            'group': {}, 'ip_range': {}}
    if body['ip_protocol'] is not None and body['from_port'] is None \
            and body['ip_protocol'] in ('icmp', 'tcp', 'udp'):
        body['from_port'], body['to_port'] = -1, -1
    remote = r.get('remote_group_id')
    if remote:
        source = groups_by_id.get(remote) or {}
        body['group'] = {'name': source.get('name'),
                         'tenant_id': source.get('tenant_id')}
    else:
        body['ip_range'] = {'cidr': r.get('remote_ip_prefix') or
                            ('::/0' if r.get('ethertype') == 'IPv6'
                             else '0.0.0.0/0')}
    return body


def group(context, g, rules_of=()):
    """One group; `rules_of`: groups (Neutron dicts) naming remote
    groups."""
    by_id = {x['id']: x for x in rules_of}
    by_id[g['id']] = g
    return {'id': g['id'], 'name': g.get('name'),
            'description': g.get('description') or '',
            'tenant_id': g.get('tenant_id') or g.get('project_id'),
            'rules': [rule(r, by_id)
                      for r in g.get('security_group_rules') or []
                      if r.get('direction') == 'ingress']}
