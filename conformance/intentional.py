"""The known, intentional differences (intentional_differences.yaml): each
names the step (a regular expression over step names), the difference
line (a regular expression) and why it is not a behaviour to fix."""
import os
import re

import yaml

PATH = os.path.join(os.path.dirname(__file__), 'intentional_differences.yaml')


class Intentional(object):
    def __init__(self, path=PATH):
        with open(path) as f:
            entries = yaml.safe_load(f) or []
        for entry in entries:
            assert entry.get('reason'), 'every entry needs a reason: %s' % entry
        self.entries = [(re.compile(e['step']), re.compile(e['difference']),
                         e['reason']) for e in entries]
        self.used = set()

    def reason(self, step_name, difference):
        for index, (step, diff, reason) in enumerate(self.entries):
            if step.search(step_name) and diff.search(difference):
                self.used.add(index)
                return reason
        return None

    def unused(self):
        return [self.entries[i][2] for i in range(len(self.entries))
                if i not in self.used]
