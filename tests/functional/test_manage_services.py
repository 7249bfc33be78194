"""nova-lite-manage service list / delete, as `openstack compute service
list` and `... service delete` behave without cells (the real command, in
its own process, on a SQLite database of its own)."""
import datetime

from oslo_utils import uuidutils
import pytest

from nova_lite.db import models
from tests.functional import purge_rows


@pytest.fixture
def db(tmp_path):
    with purge_rows.sqlite_database(tmp_path) as database:
        yield database


def _service(db, host, binary, **values):
    topic = binary.replace('nova-', '')
    return db.insert(models.Service, uuid=uuidutils.generate_uuid(),
                     host=host, binary=binary, topic=topic, **values)


def _zone(db, host, zone):
    aggregate = db.insert(models.Aggregate, uuid=uuidutils.generate_uuid(),
                          name='agg-' + zone)
    db.insert(models.AggregateHost, aggregate_id=aggregate, host=host)
    db.insert(models.AggregateMetadata, aggregate_id=aggregate,
              key='availability_zone', value=zone)
    return aggregate


def test_service_list(db):
    now = datetime.datetime.utcnow()
    _service(db, 'cmp1', 'nova-compute', last_seen_up=now)
    _service(db, 'cmp2', 'nova-compute', disabled=True, forced_down=True,
             last_seen_up=now)
    _service(db, 'ctl', 'nova-conductor',
             last_seen_up=now - datetime.timedelta(hours=1))
    _zone(db, 'cmp1', 'az1')
    out = db.manage('service', 'list')
    assert out.returncode == 0, out
    lines = [line.split() for line in out.stdout.splitlines()]
    assert lines[0] == ['Id', 'Binary', 'Host', 'Zone', 'Status', 'State',
                        'Updated', 'At', 'Forced', 'down']
    rows = [line[1:6] + line[-1:] for line in lines[1:]]
    assert rows == [
        ['nova-compute', 'cmp1', 'az1', 'enabled', 'up', 'False'],
        ['nova-compute', 'cmp2', 'nova', 'disabled', 'down', 'True'],
        ['nova-conductor', 'ctl', 'internal', 'enabled', 'down', 'False']]


def test_service_delete(db):
    service = _service(db, 'cmp1', 'nova-compute')
    node = db.node('cmp1')
    aggregate = _zone(db, 'cmp1', 'az1')
    inst = db.insert(models.Instance, uuid=uuidutils.generate_uuid(),
                     host='cmp1', vm_state='active', project_id='p',
                     user_id='u')

    out = db.manage('service', 'delete', 'cmp1', 'nova-compute')
    assert out.returncode == 1, out
    assert out.stderr == ('Unable to delete compute service that is hosting '
                          'instances. Migrate or delete the instances '
                          'first.\n')
    assert db.row(models.Service, service)['deleted'] == 0
    assert db.count(models.AggregateHost, host='cmp1') == 1

    db.soft_delete(models.Instance, inst, datetime.datetime.utcnow())
    out = db.manage('service', 'delete', 'cmp1', 'nova-compute')
    assert out.returncode == 0, out
    assert out.stdout == 'Deleted service nova-compute on cmp1\n'
    assert db.row(models.Service, service)['deleted'] == service
    assert db.row(models.ComputeNode, node)['deleted'] == node
    assert db.count(models.AggregateHost, aggregate_id=aggregate) == 0

    out = db.manage('service', 'delete', 'cmp1', 'nova-compute')
    assert out.returncode == 1
    assert 'nova-compute' in out.stderr and 'cmp1' in out.stderr
