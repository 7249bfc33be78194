"""Placement's JSON shapes, by microversion:

    1.1   provider links gain `aggregates`
    1.6   provider links gain `traits`
    1.11  provider links gain `allocations`
    1.12  GET /allocations/{consumer} names project_id and user_id
    1.14  providers carry parent_provider_uuid and root_provider_uuid
    1.19  GET .../aggregates carries resource_provider_generation
    1.28  allocations carry consumer_generation
    1.38  GET /allocations/{consumer} carries consumer_type; GET /usages
          groups by consumer type with a consumer_count each

Links are relative to the service's mount point (SCRIPT_NAME), as
Placement writes them.
"""
import collections

INVENTORY_FIELDS = ('total', 'reserved', 'min_unit', 'max_unit',
                    'step_size', 'allocation_ratio')


def provider_url(prefix, provider_uuid):
    return '%s/resource_providers/%s' % (prefix, provider_uuid)


def provider_links(prefix, provider_uuid, version):
    url = provider_url(prefix, provider_uuid)
    rels = ['inventories', 'usages']
    if version.matches((1, 1)):
        rels.append('aggregates')
    if version.matches((1, 6)):
        rels.append('traits')
    if version.matches((1, 11)):
        rels.append('allocations')
    return [{'rel': 'self', 'href': url}] + [
        {'rel': rel, 'href': '%s/%s' % (url, rel)} for rel in rels]


def provider(prefix, record, version):
    body = {'uuid': record.uuid, 'name': record.name,
            'generation': record.generation,
            'links': provider_links(prefix, record.uuid, version)}
    if version.matches((1, 14)):
        body['parent_provider_uuid'] = record.parent_provider_uuid
        body['root_provider_uuid'] = record.root_provider_uuid
    return body


def providers(prefix, records, version):
    return {'resource_providers': [provider(prefix, r, version)
                                   for r in records]}


def inventory(record, generation=None):
    body = {field: record[field] for field in INVENTORY_FIELDS}
    if generation is not None:
        body['resource_provider_generation'] = generation
    return body


def inventories(provider_record):
    return {'resource_provider_generation': provider_record.generation,
            'inventories': {rc: inventory(record) for rc, record in
                            provider_record.inventories.items()}}


def provider_usages(provider_record, used):
    return {'resource_provider_generation': provider_record.generation,
            'usages': dict(used)}


def provider_allocations(provider_record, by_consumer, consumers, version):
    """`by_consumer`: {consumer uuid: {rc: amount}}."""
    allocations = {}
    for consumer_uuid, amounts in by_consumer.items():
        entry = {'resources': dict(amounts)}
        if version.matches((1, 28)):
            consumer = consumers.get(consumer_uuid)
            entry['consumer_generation'] = (
                consumer.generation if consumer else None)
        allocations[consumer_uuid] = entry
    return {'allocations': allocations,
            'resource_provider_generation': provider_record.generation}


def consumer_allocations(by_provider, consumer, version):
    """`by_provider`: {provider: {rc: amount}} of one consumer; Placement
    names the owner only when there are allocations."""
    body = {'allocations': {
        record.uuid: {'generation': record.generation,
                      'resources': dict(amounts)}
        for record, amounts in by_provider.items()}}
    if by_provider and consumer is not None and version.matches((1, 12)):
        body['project_id'] = consumer.project_id
        body['user_id'] = consumer.user_id
        if version.matches((1, 28)):
            body['consumer_generation'] = consumer.generation
        if version.matches((1, 38)):
            body['consumer_type'] = consumer.consumer_type
    return body


def total_usages(amounts_by_consumer, consumers, version):
    """GET /usages: sums over the consumers' claims; from 1.38 grouped
    by consumer type with a consumer_count each."""
    if not version.matches((1, 38)):
        totals = collections.Counter()
        for amounts in amounts_by_consumer.values():
            totals.update(amounts)
        return {'usages': dict(totals)}
    grouped = {}
    for consumer_uuid, amounts in amounts_by_consumer.items():
        kind = consumers[consumer_uuid].consumer_type
        group = grouped.setdefault(kind, {'consumer_count': 0})
        group['consumer_count'] += 1
        for rc, amount in amounts.items():
            group[rc] = group.get(rc, 0) + amount
    return {'usages': grouped}


def aggregates(provider_record, aggregate_uuids, version):
    body = {'aggregates': list(aggregate_uuids)}
    if version.matches((1, 19)):
        body['resource_provider_generation'] = provider_record.generation
    return body


def provider_traits(provider_record, traits):
    return {'traits': list(traits),
            'resource_provider_generation': provider_record.generation}


def resource_class(prefix, name):
    return {'name': name, 'links': [
        {'rel': 'self', 'href': '%s/resource_classes/%s' % (prefix, name)}]}


def resource_classes(prefix, names):
    return {'resource_classes': [resource_class(prefix, n) for n in names]}


def traits(names):
    return {'traits': list(names)}


def versions(version_min, version_max):
    """The version document at `/` (its self link is relative: '')."""
    return {'versions': [{
        'id': 'v%s' % version_min, 'max_version': version_max,
        'min_version': version_min, 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': ''}]}]}
