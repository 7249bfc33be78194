"""Base rules and personas shared by every API policy (Nova's names)."""
from oslo_policy import policy

RULE_ADMIN_API = 'rule:admin_api'
ADMIN = 'rule:context_is_admin'
PROJECT_MEMBER = 'rule:project_member_api'
PROJECT_READER = 'rule:project_reader_api'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
SERVICE_ROLE = 'rule:service_api'
SERVICE_OR_ADMIN = 'rule:service_or_admin'

rules = [
    policy.RuleDefault(
        'context_is_admin', 'role:admin',
        'Decides what is required for the is_admin:True check to succeed.'),
    policy.RuleDefault(
        'admin_api', 'is_admin:True',
        'Default rule for most Admin APIs.'),
    policy.RuleDefault(
        'project_member_api', 'role:member and project_id:%(project_id)s',
        'Default rule for Project level non admin APIs.'),
    policy.RuleDefault(
        'project_reader_api', 'role:reader and project_id:%(project_id)s',
        'Default rule for Project level read only APIs.'),
    policy.RuleDefault(
        'project_member_or_admin',
        'rule:project_member_api or rule:context_is_admin',
        'Default rule for Project Member or admin APIs.'),
    policy.RuleDefault(
        'project_reader_or_admin',
        'rule:project_reader_api or rule:context_is_admin',
        'Default rule for Project reader or admin APIs.'),
    policy.RuleDefault(
        'service_api', 'role:service',
        'Default rule for service-to-service APIs.'),
    policy.RuleDefault(
        'service_or_admin', 'rule:service_api or rule:context_is_admin',
        'Default rule for a service or admin APIs.'),
]


def list_rules():
    return rules
