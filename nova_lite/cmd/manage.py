"""nova-lite-manage: the operator's admin tool (talks to the DB directly)."""
import argparse
import sys

from nova_lite.cmd import common


def _db_sync(conf, args):
    from nova_lite.db import migration
    migration.db_sync(conf, args.version or 'heads')
    print('Database is at revision %s' % migration.db_version(conf))


def _db_version(conf, args):
    from nova_lite.db import migration
    print(migration.db_version(conf))


def _db_purge(conf, args):
    """Nova's `db purge` exit codes: 0 purged something, 1 neither
    --before nor --all, 2 a --before that is not a date, 3 nothing to
    purge."""
    from dateutil import parser as dateutil_parser

    from nova_lite import context as nl_context
    from nova_lite.db import api as db_api
    if args.before is None and not args.purge_all:
        print('Either --before or --all is required')
        return 1
    before = None
    if args.before:
        try:
            before = dateutil_parser.parse(args.before, fuzzy=True)
        except (ValueError, OverflowError) as exc:
            print('Invalid value for --before: %s' % exc)
            return 2
    result = db_api.purge_deleted_rows(nl_context.get_admin_context(),
                                       before=before)
    if args.verbose:
        for table, rows, column in result.lines():
            print('DB: Deleted %i rows from %s based on timestamp column %s'
                  % (rows, table, column))
    return 0 if result.total else 3


def _service_list(conf, args):
    """The services as `openstack compute service list` shows them."""
    from nova_lite import availability_zones
    from nova_lite import context as nl_context
    from nova_lite import objects
    from nova_lite import servicegroup
    ctx = nl_context.get_admin_context()
    services = list(objects.ServiceList.get_all(ctx))
    zone_map = availability_zones.host_zone_map(ctx) if services else {}
    rows = [('Id', 'Binary', 'Host', 'Zone', 'Status', 'State',
             'Updated At', 'Forced down')]
    for svc in services:
        rows.append((str(svc.id), svc.binary, svc.host,
                     availability_zones.service_zone(svc, zone_map, conf),
                     'disabled' if svc.disabled else 'enabled',
                     'up' if servicegroup.service_is_up(svc) else 'down',
                     str(svc.last_seen_up or svc.updated_at or ''),
                     str(svc.forced_down)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print('  '.join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def _service_delete(conf, args):
    """As DELETE /os-services/{id}: a compute service hosting instances
    stays; otherwise its host leaves its aggregates and the service and
    its compute nodes are deleted."""
    from nova_lite.compute import aggregates
    from nova_lite import context as nl_context
    from nova_lite import exception
    from nova_lite import objects
    ctx = nl_context.get_admin_context()
    try:
        svc = objects.Service.get_by_host_and_binary(ctx, args.host,
                                                     args.binary)
    except exception.NotFound as exc:
        print(exc.format_message(), file=sys.stderr)
        return 1
    if svc.binary == 'nova-compute':
        if len(objects.InstanceList.get_by_host(ctx, svc.host)):
            print('Unable to delete compute service that is hosting '
                  'instances. Migrate or delete the instances first.',
                  file=sys.stderr)
            return 1
        for aggregate in aggregates.AggregateAPI().get_aggregates_by_host(
                ctx, svc.host):
            aggregate.delete_host(svc.host)
    svc.destroy()
    print('Deleted service %s on %s' % (args.binary, args.host))


def _flavor_create(conf, args):
    from nova_lite.compute import flavors
    from nova_lite import context as nl_context
    from nova_lite import exception
    ctx = nl_context.get_admin_context()
    try:
        flavor = flavors.create_flavor(
            ctx, args.name, args.ram, args.vcpus, args.disk,
            args.id or args.name, ephemeral_gb=args.ephemeral,
            swap=args.swap, is_public=not args.private)
    except exception.Conflict as exc:
        print(exc.format_message(), file=sys.stderr)
        return 1
    print('Created flavor %s (id %s)' % (flavor.name, flavor.flavorid))


def _flavor_defaults(conf, args):
    from nova_lite.compute import flavors
    from nova_lite import context as nl_context
    created = flavors.ensure_default_flavors(nl_context.get_admin_context())
    print('Created %d default flavor(s)%s' % (
        len(created), ': ' + ', '.join(f.name for f in created)
        if created else ''))


def _image_create_default(conf, args):
    from nova_lite.image import default_image
    image = default_image.ensure_default_image(conf)
    print('Image %s (%s) is in the embedded store' % (image['name'],
                                                      image['id']))


def _image_import(conf, args):
    from nova_lite.image import api as image_api
    image = image_api.API(conf).add_image_from_file(
        args.file, name=args.name, disk_format=args.disk_format,
        min_ram=args.min_ram, min_disk=args.min_disk,
        properties=dict(p.split('=', 1) for p in args.property))
    print('Imported %s as image %s' % (args.file, image['id']))


def _network_create(conf, args):
    """A network with one IPv4 subnet (an operator's shared network)."""
    from nova_lite import context as nl_context
    from nova_lite.network import exceptions as net_exc
    from nova_lite.network.service import bootstrap
    ctx = nl_context.get_admin_context()
    try:
        network = bootstrap.create_network(
            ctx, conf, args.name, args.cidr,
            gateway=args.gateway or 'auto', shared=args.shared,
            project_id=args.project or 'admin')
    except net_exc.NeutronException as exc:
        print(exc.format_message(), file=sys.stderr)
        return 1
    print('Created network %s (id %s, subnet %s)' % (
        network.name, network.id, args.cidr))


def _build_parser():
    parser = argparse.ArgumentParser(prog='nova-lite-manage')
    parser.add_argument('--config-file', action='append', default=[])
    parser.add_argument('--config-dir', action='append', default=[])
    groups = parser.add_subparsers(dest='category', required=True)

    db = groups.add_parser('db', help='database schema').add_subparsers(
        dest='action', required=True)
    sync = db.add_parser('sync', help='upgrade the schema')
    sync.add_argument('version', nargs='?')
    sync.set_defaults(func=_db_sync)
    db.add_parser('version', help='print the schema revision').set_defaults(
        func=_db_version)
    purge = db.add_parser(
        'purge', help='remove soft-deleted rows (deleted instances with '
        'everything that hangs off them, deleted services, compute nodes '
        'and migrations) for good')
    purge.add_argument('--before', metavar='<before>',
                       help='purge rows deleted before this date; accepts '
                            'the default format of the ``date`` command as '
                            'well as ``YYYY-MM-DD [HH:mm:ss]``')
    purge.add_argument('--all', dest='purge_all', action='store_true',
                       help='purge all soft-deleted rows')
    purge.add_argument('--verbose', action='store_true',
                       help='print how many rows were purged per table')
    purge.set_defaults(func=_db_purge)

    service = groups.add_parser('service', help='services').add_subparsers(
        dest='action', required=True)
    service.add_parser('list', help='list services').set_defaults(
        func=_service_list)
    delete = service.add_parser('delete', help='delete a service')
    delete.add_argument('host')
    delete.add_argument('binary')
    delete.set_defaults(func=_service_delete)

    flavor = groups.add_parser('flavor', help='flavors').add_subparsers(
        dest='action', required=True)
    create = flavor.add_parser('create', help='create a flavor')
    create.add_argument('name')
    create.add_argument('--id')
    create.add_argument('--ram', type=int, required=True, help='MiB')
    create.add_argument('--vcpus', type=int, required=True)
    create.add_argument('--disk', type=int, default=0, help='GiB')
    create.add_argument('--ephemeral', type=int, default=0, help='GiB')
    create.add_argument('--swap', type=int, default=0, help='MiB')
    create.add_argument('--private', action='store_true')
    create.set_defaults(func=_flavor_create)
    flavor.add_parser('create-defaults',
                      help='create the default flavors that are missing'
                      ).set_defaults(func=_flavor_defaults)

    network = groups.add_parser('network', help='networks of the '
                                'built-in network service').add_subparsers(
        dest='action', required=True)
    net_create = network.add_parser('create', help='create a network with '
                                    'one IPv4 subnet')
    net_create.add_argument('name')
    net_create.add_argument('--cidr', required=True)
    net_create.add_argument('--gateway', help='default: the first address')
    net_create.add_argument('--shared', action='store_true')
    net_create.add_argument('--project', help='owner (default: admin)')
    net_create.set_defaults(func=_network_create)

    image = groups.add_parser(
        'image', help='the embedded image store (all-in-one and tests; '
        'production uses Glance)').add_subparsers(dest='action',
                                                  required=True)
    image.add_parser('create-default',
                     help='add the default bootable image if missing'
                     ).set_defaults(func=_image_create_default, no_db=True)
    imp = image.add_parser('import', help='add an image from a file')
    imp.add_argument('file')
    imp.add_argument('--name', required=True)
    imp.add_argument('--disk-format')
    imp.add_argument('--min-ram', type=int, default=0)
    imp.add_argument('--min-disk', type=int, default=0)
    imp.add_argument('--property', action='append', default=[],
                     help='key=value, repeatable')
    imp.set_defaults(func=_image_import, no_db=True)
    return parser


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    args = _build_parser().parse_args(argv[1:])
    config_args = [argv[0]]
    for path in args.config_file:
        config_args += ['--config-file', path]
    for path in args.config_dir:
        config_args += ['--config-dir', path]
    conf = common.parse_args(config_args)
    from nova_lite import objects
    objects.register_all()
    if not getattr(args, 'no_db', False):
        from nova_lite.db import api as db_api
        db_api.configure(conf)
    return args.func(conf, args) or 0


if __name__ == '__main__':
    sys.exit(main())
