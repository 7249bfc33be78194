"""Notifications about instances, in Nova's formats.

Versioned (default): ``instance.<action>.<phase>`` on the topics of
``[notifications] versioned_notifications_topics`` with Nova's envelope
(event_type, payload {nova_object.name: InstanceActionPayload, ...},
priority, publisher_id ``nova-compute:<host>`` / ``nova-api:<host>``).
Legacy unversioned: ``compute.instance.<action>.<phase>`` on
``notifications``. ``[notifications] notification_format`` picks one or
both; an empty or "noop" ``[oslo_messaging_notifications] driver`` sends
nothing.

    from nova_lite import notifications
    notifications.notify_about_instance_action(
        context, instance, host, action='power_off', phase='start')
"""
from nova_lite.notifications.instance import (  # noqa: F401
    ActionNotification,
    notify_about_instance_action,
    notify_about_instance_create,
    notify_about_instance_rebuild,
    notify_about_instance_snapshot,
    send_update,
    state_change_notifications_enabled)
