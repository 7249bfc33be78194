"""The audit period and summary of os-instance_usage_audit_log."""
import datetime

import pytest

from nova_lite.api.views import instance_usage_audit_log as audit_views

D = datetime.datetime


@pytest.mark.parametrize('before, begin, end', [
    (D(2026, 12, 3, 16, 0), D(2026, 11, 1), D(2026, 12, 1)),
    # the month ending at `before` has not ended before it
    (D(2026, 12, 1), D(2026, 10, 1), D(2026, 11, 1)),
    (D(2026, 12, 1, 0, 0, 0, 1), D(2026, 11, 1), D(2026, 12, 1)),
    (D(2027, 1, 20), D(2026, 12, 1), D(2027, 1, 1)),
    (D(2027, 2, 5), D(2027, 1, 1), D(2027, 2, 1)),
    (D(2027, 1, 1), D(2026, 11, 1), D(2026, 12, 1)),
])
def test_last_completed_month(before, begin, end):
    assert audit_views.last_completed_month(before) == (begin, end)


def test_no_month_before_year_one():
    with pytest.raises(ValueError):
        audit_views.last_completed_month(D(1, 1, 15))


def test_every_host_not_run():
    summary = audit_views.summary(['c2', 'c1', 'c2'], D(2026, 11, 1),
                                  D(2026, 12, 1))
    assert summary['hosts_not_run'] == ['c1', 'c2']
    assert summary['num_hosts'] == summary['num_hosts_not_run'] == 2
    assert summary['overall_status'] == '0 of 2 hosts done. 0 errors.'
    assert summary['period_beginning'] == '2026-11-01 00:00:00'
    assert summary['period_ending'] == '2026-12-01 00:00:00'
    assert summary['log'] == {}


def test_no_compute_host_is_all_done():
    summary = audit_views.summary([], D(2026, 11, 1), D(2026, 12, 1))
    assert summary['overall_status'] == 'ALL hosts done. 0 errors.'
    assert summary['num_hosts'] == 0
