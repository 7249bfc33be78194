"""/os-server-external-events: Neutron, Cinder, Ironic and Cyborg tell
Nova that something happened to a server (a VIF was plugged, a volume
grew, the power changed...).

Each event gets its own code: 200 accepted (cast to the server's compute
host), 404 unknown server, 422 server not on a host (yet), 400 a required
tag is missing. The response is 200 when every event was accepted and
207 when any was not, none accepted included (Nova 34 no longer answers
404 then).
"""
import pecan
from oslo_log import log as logging

from nova_lite.api.controllers import base
from nova_lite.api import microversion
from nova_lite.api.schemas import server_external_events as schemas
from nova_lite.api import validation
from nova_lite import objects
from nova_lite.policies import server_external_events as see_policy

LOG = logging.getLogger(__name__)

# Events that mean nothing without a tag (the volume id, the power state,
# the accelerator request id).
_TAG_REQUIRED = ('volume-extended', 'power-update',
                 'accelerator-request-bound', 'volume-reimaged')
POWER_TAGS = ('POWER_ON', 'POWER_OFF')


def _tag_ok(event):
    tag = event.get('tag')
    if event['name'] in _TAG_REQUIRED and tag is None:
        return False
    if event['name'] == 'power-update' and tag not in POWER_TAGS:
        return False
    return True


def create_events():
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.create(microversion.current()))
    ctx.can(see_policy.POLICY_ROOT % 'create', target={})
    uuids = sorted({e['server_uuid'] for e in body['events']})
    instances = {i.uuid: i for i in objects.InstanceList.get_by_filters(
        ctx.elevated(), {'uuid': uuids, 'deleted': False})}
    response_events, accepted = [], []
    result = 200
    for event in body['events']:
        event = dict(event)
        event.setdefault('status', 'completed')
        response_events.append(event)
        instance = instances.get(event['server_uuid'])
        if instance is None:
            LOG.debug('Dropping event %s:%s for unknown instance %s',
                      event['name'], event.get('tag'),
                      event['server_uuid'])
            event.update(status='failed', code=404)
            result = 207
        elif not _tag_ok(event):
            event.update(status='failed', code=400)
            result = 207
        elif instance.host:
            LOG.info('Creating event %s:%s for instance %s on %s',
                     event['name'], event.get('tag'), instance.uuid,
                     instance.host)
            accepted.append(dict(event))
            event.update(status='completed', code=200)
        else:
            LOG.debug('Instance %s has no host; dropping event %s',
                      instance.uuid, event['name'])
            event.update(status='failed', code=422)
            result = 207
    if accepted:
        base.compute_api().external_instance_event(
            ctx, [instances[e['server_uuid']] for e in accepted], accepted)
    return base.reply({'events': response_events}, status=result)


class ServerExternalEventsController(object):
    """/os-server-external-events"""

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='POST')
    def index_post(self, *args, **kwargs):
        return create_events()
