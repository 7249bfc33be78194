"""The extensions the network API implements (and so advertises)."""

_UPDATED = '2013-01-01T10:00:00-00:00'

EXTENSIONS = [
    ('binding', 'Port Binding', 'Expose port bindings of a virtual port '
     'to external application'),
    ('port-security', 'Port Security', 'Provides port security'),
    ('security-group', 'security-group', 'The security groups extension.'),
    ('quotas', 'Quota management support', 'Expose functions for quotas '
     'management per project'),
    ('standard-attr-description', 'standard-attr-description',
     'Extension to add descriptions to standard attributes'),
    ('standard-attr-timestamp', 'Resource timestamps', 'Adds created_at '
     'and updated_at fields to all Neutron resources that have Neutron '
     'standard attributes.'),
    ('standard-attr-revisions', 'Resource revision numbers', 'This '
     'extension will display the revision number of neutron resources.'),
    ('project-id', 'project_id field enabled', 'Extension that indicates '
     'that project_id field is enabled.'),
    ('net-mtu', 'Network MTU', 'Provides MTU attribute for a network '
     'resource.'),
    ('external-net', 'Neutron external network', 'Adds external network '
     'attribute to network resource.'),
]


def as_list():
    return [{'alias': alias, 'name': name, 'description': description,
             'updated': _UPDATED, 'links': []}
            for alias, name, description in EXTENSIONS]


def by_alias(alias):
    return next((e for e in as_list() if e['alias'] == alias), None)
