"""What every collection of the v2.0 API does the same way: body
attributes checked against the resource's declared ones, list filters
(repeated values, tenant_id = project_id, booleans in any case), the
`fields` selection, bulk create, and the policy check of each item."""
from nova_lite.network import exceptions as exc
from nova_lite.network.server import policy
from nova_lite.network.service import views

PAGING = ('fields', 'limit', 'marker', 'sort_key', 'sort_dir',
          'page_reverse', 'verbose')


def to_bool(value, attr='value'):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ('true', '1'):
        return True
    if isinstance(value, str) and value.lower() in ('false', '0'):
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise exc.InvalidInput(error_message="'%s' cannot be converted to "
                           "boolean" % (value,))


def string(max_len=255):
    def check(value, attr):
        if value is None:
            return None
        if not isinstance(value, str):
            raise exc.HTTPBadRequest(attr=attr, reason="'%s' is not a valid "
                                     "string" % (value,))
        if len(value) > max_len:
            raise exc.HTTPBadRequest(
                attr=attr, reason="'%s' exceeds maximum length of %d"
                % (value, max_len))
        return value
    return check


def boolean(value, attr):
    try:
        return to_bool(value, attr)
    except exc.InvalidInput:
        raise exc.HTTPBadRequest(attr=attr, reason="'%s' is not a valid "
                                 "boolean value" % (value,))


def integer(value, attr):
    if isinstance(value, bool):
        raise exc.HTTPBadRequest(attr=attr, reason="'%s' is not an integer"
                                 % (value,))
    try:
        return int(value)
    except (TypeError, ValueError):
        raise exc.HTTPBadRequest(attr=attr, reason="'%s' is not an integer"
                                 % (value,))


def list_of(value, attr):
    if value is None:
        return []
    if not isinstance(value, list):
        raise exc.HTTPBadRequest(attr=attr, reason="'%s' is not a list"
                                 % (value,))
    return value


def dict_value(value, attr):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise exc.HTTPBadRequest(attr=attr, reason="'%s' is not a "
                                 "dictionary" % (value,))
    return value


class Attr(object):
    def __init__(self, check, post=True, put=True, required=False):
        self.check, self.post, self.put = check, post, put
        self.required = required


COMMON_ATTRS = {
    'name': Attr(string()),
    'description': Attr(string()),
    'tenant_id': Attr(string(), put=False),
    'project_id': Attr(string(), put=False),
}


class Controller(object):
    collection = member = None
    attrs = {}
    # filter key -> DB column, for the filters worth pushing down
    db_filters = {'id': 'id', 'name': 'name', 'project_id': 'project_id'}
    bool_filters = ()

    def __init__(self, plugin):
        self.plugin = plugin

    # -- to be provided per resource ---------------------------------------

    def view(self, context, obj):
        raise NotImplementedError

    def target(self, context, obj):
        return self.view(context, obj)

    # -- resources on a network (subnets, ports) ------------------------------

    def network(self, context, network_id):
        try:
            return self.plugin.networks.get_network(context, network_id)
        except exc.NetworkNotFound:
            return None

    def visible_network(self, context, network_id):
        """The network, or NetworkNotFound if the caller cannot see it."""
        network = self.network(context, network_id)
        if network is None or not policy.check(
                context, 'get_network', views.network(network)):
            raise exc.NetworkNotFound(net_id=network_id)
        return network

    def with_network(self, context, target, network_id):
        """`target` plus its network's owner and sharing (the policy's
        network:project_id and shared)."""
        network = self.network(context, network_id)
        target['network:project_id'] = network.project_id if network \
            else None
        target['shared'] = bool(network and network.shared)
        return target

    # -- requests ------------------------------------------------------------

    def check_body(self, body, creating):
        if not isinstance(body, dict):
            raise exc.BadRequest(resource=self.member,
                                 msg='Body contains invalid data')
        unknown = sorted(set(body) - set(self.attrs))
        if unknown:
            raise exc.BadRequest(
                resource=self.member,
                msg="Unrecognized attribute(s) '%s'" % ', '.join(unknown))
        values = {}
        for name, value in body.items():
            attr = self.attrs[name]
            if not (attr.post if creating else attr.put):
                raise exc.BadRequest(
                    resource=self.member,
                    msg="Attribute '%s' not allowed in %s" % (
                        name, 'POST' if creating else 'PUT'))
            values[name] = attr.check(value, name)
        if creating:
            missing = [n for n, a in self.attrs.items()
                       if a.required and n not in values]
            if missing:
                raise exc.BadRequest(
                    resource=self.member,
                    msg="Failed to parse request. Required attribute '%s' "
                        "not specified" % missing[0])
            tenant = values.pop('tenant_id', None)
            project = values.pop('project_id', None)
            if tenant and project and tenant != project:
                raise exc.BadRequest(
                    resource=self.member,
                    msg="'project_id' and 'tenant_id' do not match")
            values['project_id'] = project or tenant
        return values

    def owned_values(self, context, values):
        """Creating for another project is for admins."""
        if not values.get('project_id'):
            values['project_id'] = context.project_id
        elif values['project_id'] != context.project_id and \
                not policy.is_admin(context):
            raise exc.BadRequest(
                resource=self.member,
                msg="Specifying 'project_id' or 'tenant_id' other than the "
                    "authenticated project in request requires admin "
                    "privileges")
        return values

    def parse_filters(self, params):
        filters = {}
        for key in params.keys():
            if key in PAGING:
                continue
            name = 'project_id' if key == 'tenant_id' else key
            filters.setdefault(name, []).extend(params.getall(key))
        for key in self.bool_filters:
            if key in filters:
                filters[key] = [to_bool(v) for v in filters[key]]
        return filters

    def split_filters(self, filters):
        """(DB filters, the rest) of the parsed filters."""
        db = {self.db_filters[k]: v for k, v in filters.items()
              if k in self.db_filters}
        return db, filters

    def matches(self, item, filters):
        for key, wanted in filters.items():
            if key not in item:
                raise exc.HTTPBadRequest(
                    attr='filtering', reason="['%s'] is invalid attribute "
                    "for filtering" % key)
            value = item[key]
            if isinstance(value, list):
                if not any(str(w) in [str(v) for v in value]
                           for w in wanted):
                    return False
            elif isinstance(value, bool):
                if value not in wanted:
                    return False
            elif str('' if value is None else value) not in [
                    str(w) for w in wanted]:
                return False
        return True

    @staticmethod
    def select(item, params):
        fields = params.getall('fields') if params is not None else []
        fields = [f for f in fields if f]
        if not fields:
            return item
        return {k: v for k, v in item.items() if k in fields}

    def visible(self, context, obj):
        return policy.check(context, 'get_%s' % self.member,
                            self.target(context, obj))

    def index(self, context, params, url=None):
        filters = self.parse_filters(params)
        db_filters, rest = self.split_filters(filters)
        items = []
        for obj in self.list(context, db_filters, rest):
            if not self.visible(context, obj):
                continue
            item = self.view(context, obj)
            if self.matches(item, rest):
                items.append(item)
        return self.page(items, params, url)

    def page(self, items, params, url):
        """`limit` and `marker` (an id) as Neutron pages, with a `next`
        link while more remain."""
        limit = params.get('limit')
        marker = params.get('marker')
        if marker:
            ids = [i['id'] for i in items]
            if marker not in ids:
                raise self.not_found(marker)
            items = items[ids.index(marker) + 1:]
        body = {}
        if limit not in (None, ''):
            try:
                limit = int(limit)
            except ValueError:
                raise exc.HTTPBadRequest(attr='limit', reason=(
                    "'%s' is not an integer" % limit))
            if limit < 0:
                raise exc.HTTPBadRequest(attr='limit', reason=(
                    "'%s' should be non-negative" % limit))
            if limit and len(items) > limit:
                items = items[:limit]
                query = [(k, v) for k, v in params.items()
                         if k not in ('limit', 'marker')]
                query += [('limit', str(limit)), ('marker', items[-1]['id'])]
                from urllib import parse
                body['%s_links' % self.collection] = [{
                    'rel': 'next',
                    'href': '%s?%s' % (url or '', parse.urlencode(query))}]
        body[self.collection] = [self.select(i, params) for i in items]
        return body

    def find(self, context, item_id):
        """The object, or the resource's NotFound also when the caller
        may not see it (as Neutron hides others' resources)."""
        obj = self.get(context, item_id)
        if not self.visible(context, obj):
            raise self.not_found(item_id)
        return obj

    def show(self, context, item_id, params):
        obj = self.find(context, item_id)
        return {self.member: self.select(self.view(context, obj), params)}

    def create(self, context, body):
        if self.collection in body and self.member not in body:
            items = body[self.collection]
            if not isinstance(items, list):
                raise exc.BadRequest(resource=self.member,
                                     msg='Body contains invalid data')
            done = []
            try:
                for item in items:
                    done.append(self.create_one(context, self._member(
                        {self.member: item})))
            except Exception:
                for obj in done:
                    self.remove(context, obj)
                raise
            return {self.collection: [self.view(context, o) for o in done]}
        obj = self.create_one(context, self._member(body))
        return {self.member: self.view(context, obj)}

    def _member(self, body):
        if self.member not in body or len(body) != 1:
            raise exc.BadRequest(resource=self.member,
                                 msg='Unable to find \'%s\' in request '
                                 'body' % self.member)
        return self.check_body(body[self.member], creating=True)

    def update(self, context, item_id, body):
        if self.member not in body or len(body) != 1:
            raise exc.BadRequest(resource=self.member,
                                 msg='Unable to find \'%s\' in request '
                                 'body' % self.member)
        obj = self.find(context, item_id)
        values = self.check_body(body[self.member], creating=False)
        policy.enforce(context, 'update_%s' % self.member,
                       self.target(context, obj))
        for name in values:
            action = 'update_%s:%s' % (self.member, name)
            if action in policy._RULES:
                policy.enforce(context, action, self.target(context, obj))
        obj = self.update_one(context, obj, values)
        return {self.member: self.view(context, obj)}

    def delete(self, context, item_id):
        obj = self.find(context, item_id)
        policy.enforce(context, 'delete_%s' % self.member,
                       self.target(context, obj))
        self.remove(context, obj)

    def enforce_create(self, context, values, target=None):
        target = dict(target or {}, **values)
        policy.enforce(context, 'create_%s' % self.member, target)
        for name in values:
            action = 'create_%s:%s' % (self.member, name)
            if action in policy._RULES and values[name] not in (None, False):
                policy.enforce(context, action, target)
