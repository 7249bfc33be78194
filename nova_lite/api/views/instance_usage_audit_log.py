"""The audit summary of os-instance_usage_audit_log.

Nova fills it from the task_log rows its computes write when their
`instance_usage_audit` periodic task runs (off by default). nova_lite's
computes run no such audit and keep no task log, so every compute host
is reported as not run for the period, as a default Nova reports it.
"""
import datetime


def last_completed_month(before):
    """(begin, end) of the last calendar month (UTC) that ended before
    `before`: Nova's default audit period (`instance_usage_audit_period`
    = month). ValueError when that month would precede year 1."""
    end = datetime.datetime(before.year, before.month, 1)
    if end >= before:
        end = _previous_month(end)
    return _previous_month(end), end


def _previous_month(first_day):
    if first_day.month == 1:
        return datetime.datetime(first_day.year - 1, 12, 1)
    return datetime.datetime(first_day.year, first_day.month - 1, 1)


def summary(compute_hosts, begin, end):
    hosts = sorted(set(compute_hosts))
    return {
        'hosts_not_run': hosts,
        'log': {},
        'num_hosts': len(hosts),
        'num_hosts_done': 0,
        'num_hosts_not_run': len(hosts),
        'num_hosts_running': 0,
        # Nova says ALL when as many hosts are done as there are hosts.
        'overall_status': '%s hosts done. 0 errors.' % (
            '0 of %d' % len(hosts) if hosts else 'ALL'),
        'period_beginning': str(begin),
        'period_ending': str(end),
        'total_errors': 0,
        'total_instances': 0,
    }
