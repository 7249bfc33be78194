"""Periodic tasks, each on its own spacing (as Nova's periodic_task).

The service loop calls run() every time it wakes up; run() runs the tasks
that are due and answers how long the loop may sleep before the next one
is. A spacing is a number of seconds, or a callable returning one (read
at each run, so config overrides apply): 0 means the default spacing
(the service's periodic_interval), a negative value disables the task.
"""
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class PeriodicTasks(object):
    def __init__(self, default_spacing=60, clock=time.monotonic):
        self._default = default_spacing
        self._clock = clock
        self._tasks = []

    def add(self, name, spacing, fn):
        """fn(context) every `spacing` seconds; the first run is one
        spacing after registration."""
        self._tasks.append({'name': name, 'spacing': spacing, 'fn': fn,
                            'last_run': self._clock()})

    def _spacing(self, task):
        spacing = task['spacing']
        spacing = spacing() if callable(spacing) else spacing
        if spacing == 0:
            spacing = self._default
            spacing = spacing() if callable(spacing) else spacing
        return spacing

    def run(self, context):
        """Run what is due; return seconds until the next task is due
        (None when no task is enabled)."""
        idle = None
        for task in self._tasks:
            spacing = self._spacing(task)
            if spacing is None or spacing < 0:
                continue
            now = self._clock()
            if spacing and now - task['last_run'] < spacing:
                due_in = task['last_run'] + spacing - now
            else:
                task['last_run'] = now
                try:
                    task['fn'](context)
                except Exception:
                    LOG.exception('Periodic task %s failed', task['name'])
                due_in = spacing
            if spacing and (idle is None or due_in < idle):
                idle = due_in
        return idle

    def names(self):
        return [t['name'] for t in self._tasks]
