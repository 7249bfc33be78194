"""A helper for the per-server policy modules: one documented rule."""
from oslo_policy import policy


def rule(name, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])
