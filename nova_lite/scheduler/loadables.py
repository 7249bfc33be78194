"""Filter and weigher classes named in the configuration.

As in Nova: a path names a class, or a function returning a list of
classes (`nova_lite.scheduler.filters.all_filters`); enabled filters and
weighers are then picked from those by class name. A name or path that
leads nowhere raises InvalidInput, so the scheduler refuses to start.
"""
import importlib
import inspect

from nova_lite import exception


def classes_at(paths, option):
    """The classes the dotted `paths` name (`option` says where they were
    configured, for the error)."""
    classes = []
    for path in paths:
        module_name, _, attr = path.rpartition('.')
        try:
            found = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError, ValueError) as exc:
            raise exception.InvalidInput(
                reason='%s: cannot load %r (%s)' % (option, path, exc))
        if inspect.isclass(found):
            classes.append(found)
            continue
        returned = found() if inspect.isfunction(found) else None
        if not isinstance(returned, (list, tuple)) or not all(
                inspect.isclass(cls) for cls in returned):
            raise exception.InvalidInput(
                reason='%s: %r is neither a class nor a function returning '
                       'classes' % (option, path))
        classes.extend(returned)
    return classes


def instances_by_name(names, classes, option, among):
    """One instance of each class named in `names`, in that order.
    `among` says where the classes came from, for the error."""
    available = {cls.__name__: cls for cls in classes}
    unknown = [name for name in names if name not in available]
    if unknown:
        raise exception.InvalidInput(
            reason='%s: no %s named %s (known: %s)' % (
                option, among, ', '.join(repr(n) for n in unknown),
                ', '.join(sorted(available))))
    return [available[name]() for name in names]
