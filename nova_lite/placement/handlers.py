"""One function per read, each in the same steps: check the policy rule,
validate the query for this microversion, read through the ProviderView,
shape the body with views. They return a Reply; errors are raised as
errors.HTTPError and answered by the application (wsgi.py)."""
import collections
import dataclasses

import os_resource_classes
import os_traits

from nova_lite.placement import errors
from nova_lite.placement import filters
from nova_lite.placement import microversion
from nova_lite.placement import policy
from nova_lite.placement import providers as providers_mod
from nova_lite.placement import schemas
from nova_lite.placement import views


ENV_POLICY = 'placement.policy'


@dataclasses.dataclass
class Reply:
    body: object
    status: int = 200
    # the newest change behind the body (from 1.15 as Last-Modified;
    # None: now)
    last_modified: object = None


class Request(object):
    """What a handler needs of one request."""

    def __init__(self, environ, webob_request, args):
        self.environ = environ
        self.params = webob_request.GET
        self.version = environ[microversion.ENVIRON_KEY]
        self.context = environ['nova.context']
        self.prefix = environ.get('SCRIPT_NAME', '')
        self.args = args
        self.policy = environ[ENV_POLICY]
        self._view = None

    @property
    def view(self):
        if self._view is None:
            self._view = providers_mod.ProviderView(self.context)
        return self._view

    def authorize(self, action, target=None):
        if not self.policy.check(self.context, action, target):
            raise errors.forbidden(action)


def _modified(*records):
    stamps = [r.updated_at or r.created_at for r in records]
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None


_MISSING = 'No resource provider with uuid %(uuid)s found: %(error)s'


def _provider_or_404(req, detail=_MISSING):
    record = req.view.get(req.args['uuid'])
    if record is None:
        raise errors.not_found(detail % {
            'uuid': req.args['uuid'],
            'error': 'No resource provider with uuid %s found' %
                     req.args['uuid']})
    return record


# -- resource providers ------------------------------------------------------

def list_providers(req):
    req.authorize(policy.PROVIDERS_LIST)
    schemas.validate(req.params, schemas.providers_query(req.version))
    records = filters.apply(req.view, req.view.all(), req.params,
                            req.version)
    return Reply(views.providers(req.prefix, records, req.version),
                 last_modified=_modified(*records))


def show_provider(req):
    req.authorize(policy.PROVIDERS_SHOW)
    record = _provider_or_404(req, '%(error)s')
    return Reply(views.provider(req.prefix, record, req.version),
                 last_modified=_modified(record))


def list_inventories(req):
    req.authorize(policy.INVENTORIES_LIST)
    record = _provider_or_404(
        req, 'No resource provider with uuid %(uuid)s found : %(error)s')
    return Reply(views.inventories(record), last_modified=_modified(record))


def show_inventory(req):
    req.authorize(policy.INVENTORIES_SHOW)
    record = _provider_or_404(
        req, 'No resource provider with uuid %(uuid)s found : %(error)s')
    resource_class = req.args['resource_class']
    inventory = record.inventories.get(resource_class)
    if inventory is None:
        raise errors.not_found('No inventory of class %s for %s' % (
            resource_class, record.uuid))
    return Reply(views.inventory(inventory, record.generation),
                 last_modified=_modified(record))


def provider_usages(req):
    req.authorize(policy.PROVIDER_USAGES)
    record = _provider_or_404(req)
    return Reply(views.provider_usages(record, req.view.usages(record)))


def provider_allocations(req):
    req.authorize(policy.PROVIDER_ALLOCATIONS)
    record = _provider_or_404(
        req, "Resource provider '%(uuid)s' not found: %(error)s")
    by_consumer = {}
    for allocation in req.view.allocations():
        if allocation.compute_node_id == record.node.id:
            amounts = req.view.amounts(allocation)
            if amounts:
                by_consumer[allocation.consumer_uuid] = amounts
    consumers = (req.view.consumers(by_consumer)
                 if req.version.matches((1, 28)) else {})
    return Reply(views.provider_allocations(record, by_consumer, consumers,
                                            req.version))


def provider_aggregates(req):
    req.authorize(policy.PROVIDER_AGGREGATES)
    record = _provider_or_404(req)
    return Reply(views.aggregates(record, req.view.aggregates(record),
                                  req.version))


def provider_traits(req):
    req.authorize(policy.PROVIDER_TRAITS)
    record = _provider_or_404(req)
    return Reply(views.provider_traits(record, req.view.traits(record)))


# -- allocations and usages ---------------------------------------------------

def consumer_allocations(req):
    """An unknown consumer is an empty result, never a 404 (Placement
    cannot tell a consumer it never saw from one with nothing left)."""
    req.authorize(policy.ALLOCATIONS_LIST)
    consumer_uuid = req.args['consumer_uuid']
    claims = req.view.consumer_allocations(consumer_uuid)
    by_node = {}
    for allocation in claims:
        amounts = req.view.amounts(allocation)
        if amounts:
            by_node[allocation.compute_node_id] = amounts
    by_provider = {}
    if by_node:
        records = {r.node.id: r for r in req.view.all()}
        by_provider = {records[node_id]: amounts
                       for node_id, amounts in by_node.items()
                       if node_id in records}
    consumer = None
    if by_provider and req.version.matches((1, 12)):
        consumer = req.view.consumers([consumer_uuid]).get(consumer_uuid)
    return Reply(views.consumer_allocations(by_provider, consumer,
                                            req.version),
                 last_modified=max((a.created_at for a in claims
                                    if a.created_at), default=None))


def total_usages(req):
    project_id = req.params.get('project_id')
    req.authorize(policy.TOTAL_USAGES, {'project_id': project_id})
    schemas.validate(req.params, schemas.usages_query(req.version))
    user_id = req.params.get('user_id')
    consumer_type = req.params.get('consumer_type')
    amounts = collections.defaultdict(collections.Counter)
    for allocation in req.view.allocations():
        amounts[allocation.consumer_uuid].update(
            req.view.amounts(allocation))
    consumers = req.view.consumers(amounts)
    chosen = {}
    for consumer_uuid, consumer_amounts in amounts.items():
        consumer = consumers.get(consumer_uuid)
        if consumer is None or consumer.project_id != project_id:
            continue
        if user_id is not None and consumer.user_id != user_id:
            continue
        if consumer_type not in (None, 'all') and \
                consumer.consumer_type != consumer_type:
            continue
        if consumer_amounts:
            chosen[consumer_uuid] = dict(consumer_amounts)
    if consumer_type == 'all':
        consumers = {u: providers_mod.Consumer(u, c.project_id, c.user_id,
                                               'all')
                     for u, c in consumers.items()}
    return Reply(views.total_usages(chosen, consumers, req.version))


# -- resource classes and traits ---------------------------------------------

def list_resource_classes(req):
    req.authorize(policy.RESOURCE_CLASSES_LIST)
    return Reply(views.resource_classes(req.prefix,
                                        os_resource_classes.STANDARDS))


def show_resource_class(req):
    req.authorize(policy.RESOURCE_CLASSES_SHOW)
    name = req.args['name']
    if name not in os_resource_classes.STANDARDS:
        raise errors.not_found('No such resource class %s.' % name)
    return Reply(views.resource_class(req.prefix, name))


def list_traits(req):
    req.authorize(policy.TRAITS_LIST)
    schemas.validate(req.params, schemas.traits_query(req.version))
    names = set(os_traits.get_traits())
    name_filter = req.params.get('name')
    if name_filter is not None:
        if name_filter.startswith('startswith:'):
            start = name_filter[len('startswith:'):]
            names = {n for n in names if n.startswith(start)}
        elif name_filter.startswith('in:'):
            names &= set(name_filter[3:].split(','))
        else:
            raise errors.bad_request(
                'Badly formatted name parameter. Expected name query string '
                'parameter in form: ?name=[in|startswith]:[name1,name2|'
                'prefix]. Got: "%s"' % name_filter)
    associated = req.params.get('associated')
    if associated is not None:
        in_use = req.view.traits_in_use()
        names = names & in_use if associated == 'true' else names - in_use
    return Reply(views.traits(sorted(names)))


def show_trait(req):
    req.authorize(policy.TRAITS_SHOW)
    name = req.args['name']
    if not filters.known_trait(name):
        raise errors.not_found('No such trait(s): %s.' % name)
    return Reply(None, status=204)
