"""The state and lock guard of every compute API action (409 where Nova
refuses), as decorators and, for the one action whose name depends on its
arguments (resize or migrate), as functions.

Stack them lock first, then state, then host, as Nova does:

    @guards.check_instance_lock
    @guards.check_instance_state(vm_state=[vm_states.ACTIVE])
    def pause(self, context, instance): ...
"""
import functools

from nova_lite import exception


def ensure_unlocked(context, instance):
    """A locked server refuses actions from anyone but an admin."""
    if instance.locked and not context.is_admin:
        raise exception.InstanceIsLocked(instance_uuid=instance.uuid)


def ensure_state(instance, action, vm_state=None, task_state=(None,),
                 must_have_host=False):
    """vm_state and task_state among those allowed (None: any), and with
    must_have_host a host (else the vm_state is refused)."""
    if vm_state is not None and instance.vm_state not in vm_state:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='vm_state',
            state=instance.vm_state)
    if task_state is not None and instance.task_state not in task_state:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='task_state',
            state=instance.task_state)
    if must_have_host and not instance.host:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='vm_state',
            state=instance.vm_state)


def check_instance_lock(fn):
    @functools.wraps(fn)
    def wrapper(self, context, instance, *args, **kwargs):
        ensure_unlocked(context, instance)
        return fn(self, context, instance, *args, **kwargs)
    return wrapper


def check_instance_state(vm_state=None, task_state=(None,),
                         must_have_host=False, action=None):
    """ensure_state before the action (named `action`, default the
    method's name)."""
    def decorator(fn):
        name = action or fn.__name__

        @functools.wraps(fn)
        def wrapper(self, context, instance, *args, **kwargs):
            ensure_state(instance, name, vm_state=vm_state,
                         task_state=task_state,
                         must_have_host=must_have_host)
            return fn(self, context, instance, *args, **kwargs)
        return wrapper
    return decorator


def check_instance_host(fn):
    """The server must be on a host (else 409, not ready)."""
    @functools.wraps(fn)
    def wrapper(self, context, instance, *args, **kwargs):
        if not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return fn(self, context, instance, *args, **kwargs)
    return wrapper
