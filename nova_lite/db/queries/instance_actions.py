"""The instance action log (os-instance-actions) and its events."""
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import pagination


def action_start(context, values):
    with engine.writer(context) as session:
        row = models.InstanceAction(**engine.clean(values))
        session.add(row)
        session.flush()
        return row.as_dict()


def _action_get_by_request_id(session, instance_uuid, request_id,
                              for_update=False):
    query = (sa.select(models.InstanceAction)
             .where(models.InstanceAction.instance_uuid == instance_uuid,
                    models.InstanceAction.request_id == request_id)
             .order_by(models.InstanceAction.created_at.desc(),
                       models.InstanceAction.id.desc()))
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def action_finish(context, instance_uuid, request_id, finish_time,
                  message=None):
    with engine.writer(context) as session:
        row = _action_get_by_request_id(session, instance_uuid, request_id)
        if row is None:
            return None
        row.finish_time = engine.naive(finish_time)
        if message is not None:
            row.message = message
        session.flush()
        return row.as_dict()


def action_get_by_request_id(context, instance_uuid, request_id):
    with engine.reader(context) as session:
        row = _action_get_by_request_id(session, instance_uuid, request_id)
        return row.as_dict() if row else None


def actions_get(context, instance_uuid, limit=None, marker=None,
                filters=None):
    """Newest first; filters: changes-since / changes-before (on
    updated_at, as Nova)."""
    filters = filters or {}
    action = models.InstanceAction
    with engine.reader(context) as session:
        query = sa.select(action).where(action.instance_uuid == instance_uuid)
        # An action not yet updated counts from its creation.
        updated = sa.func.coalesce(action.updated_at, action.created_at)
        if filters.get('changes-since') is not None:
            query = query.where(updated >= engine.naive(
                filters['changes-since']))
        if filters.get('changes-before') is not None:
            query = query.where(updated <= engine.naive(
                filters['changes-before']))
        query = pagination.paginate(
            session, query, action, ['created_at'], ['desc'], limit, marker,
            marker_column=action.request_id,
            marker_scope=[action.instance_uuid == instance_uuid])
        return [r.as_dict() for r in session.scalars(query)]


def action_event_start(context, instance_uuid, request_id, values):
    """Record that an event started. Events are recorded by casts that
    the conductor may run out of order: a finish recorded first is
    completed with its start time here."""
    with engine.writer(context) as session:
        # The start and the finish of an event arrive as separate casts
        # the conductor may run at once: the action row's lock orders them
        # (SQLite's BEGIN IMMEDIATE already serialises writers).
        action = _action_get_by_request_id(session, instance_uuid,
                                           request_id, for_update=True)
        if action is None:
            return None
        values = engine.clean(values)
        row = _latest_event(session, action.id, values['event'])
        if row is not None and row.start_time is None:
            row.start_time = values.get('start_time')
        else:
            row = models.InstanceActionEvent(action_id=action.id, **values)
            session.add(row)
        session.flush()
        return row.as_dict()


def _latest_event(session, action_id, event_name):
    return session.scalars(
        sa.select(models.InstanceActionEvent)
        .where(models.InstanceActionEvent.action_id == action_id,
               models.InstanceActionEvent.event == event_name)
        .order_by(models.InstanceActionEvent.id.desc())).first()


def action_event_finish(context, instance_uuid, request_id, event_name,
                        values):
    with engine.writer(context) as session:
        # The start and the finish of an event arrive as separate casts
        # the conductor may run at once: the action row's lock orders them
        # (SQLite's BEGIN IMMEDIATE already serialises writers).
        action = _action_get_by_request_id(session, instance_uuid,
                                           request_id, for_update=True)
        if action is None:
            return None
        row = _latest_event(session, action.id, event_name)
        if row is None or row.finish_time is not None:
            row = models.InstanceActionEvent(action_id=action.id,
                                             event=event_name)
            session.add(row)
        for key, value in engine.clean(values).items():
            setattr(row, key, value)
        if values.get('result') == 'Error':
            action.message = 'Error'
        action.updated_at = engine.utcnow()
        session.flush()
        return row.as_dict()


def action_events_get(context, action_id):
    with engine.reader(context) as session:
        return [r.as_dict() for r in session.scalars(
            sa.select(models.InstanceActionEvent)
            .where(models.InstanceActionEvent.action_id == action_id)
            .order_by(models.InstanceActionEvent.created_at.desc(),
                      models.InstanceActionEvent.id.desc()))]
