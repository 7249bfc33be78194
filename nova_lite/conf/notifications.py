"""[notifications] options (Nova's names): which notifications are sent.

Whether anything is sent at all is oslo.messaging's
``[oslo_messaging_notifications] driver`` (empty or "noop": nothing).
"""
from oslo_config import cfg

notifications_group = cfg.OptGroup(
    'notifications', title='Notifications',
    help='Notifications about instances on the message bus.')

notifications_opts = [
    cfg.StrOpt('notification_format', default='versioned',
               choices=[('both', 'Both the legacy unversioned and the '
                                 'versioned notifications are sent.'),
                        ('versioned', 'Only the versioned notifications '
                                      'are sent.'),
                        ('unversioned', 'Only the legacy unversioned '
                                        'notifications are sent.')],
               help='Which notification format is sent: versioned '
                    '(instance.create.start on versioned_notifications), '
                    'the legacy unversioned format '
                    '(compute.instance.create.start on notifications), '
                    'or both.'),
    cfg.ListOpt('versioned_notifications_topics',
                default=['versioned_notifications'],
                help='Topics the versioned notifications are sent to.'),
    cfg.StrOpt('notify_on_state_change',
               choices=[(None, 'No instance.update notifications.'),
                        ('vm_state', 'instance.update when the vm_state '
                                     'changes.'),
                        ('vm_and_task_state', 'instance.update when the '
                                              'vm_state or task_state '
                                              'changes.')],
               help='Send instance.update when an instance changes state.'),
]


def register_opts(conf):
    conf.register_group(notifications_group)
    conf.register_opts(notifications_opts, group=notifications_group)


def list_opts():
    return {notifications_group: notifications_opts}
