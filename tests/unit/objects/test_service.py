"""Service versions: the history table, and the minimum that
[upgrade_levels] ... = auto reads from the service records."""
from nova_lite import objects
from nova_lite.objects import service as service_obj


def test_history_has_an_entry_for_every_service_version():
    assert len(service_obj.SERVICE_VERSION_HISTORY) == \
        service_obj.SERVICE_VERSION + 1
    keys = set(service_obj.RPC_KEYS.values())
    assert all(set(entry) == keys
               for entry in service_obj.SERVICE_VERSION_HISTORY)


def test_history_of_this_release_and_the_previous():
    assert service_obj.SERVICE_VERSION == 9
    assert service_obj.SERVICE_VERSION_HISTORY[1] == {
        'compute_rpc': '1.0', 'conductor_rpc': '1.3', 'scheduler_rpc': '1.0'}
    assert service_obj.SERVICE_VERSION_HISTORY[2] == {
        'compute_rpc': '1.1', 'conductor_rpc': '1.4', 'scheduler_rpc': '1.1'}
    assert service_obj.SERVICE_VERSION_HISTORY[3] == {
        'compute_rpc': '1.2', 'conductor_rpc': '1.4', 'scheduler_rpc': '1.1'}
    assert service_obj.SERVICE_VERSION_HISTORY[4] == {
        'compute_rpc': '1.3', 'conductor_rpc': '1.4', 'scheduler_rpc': '1.1'}
    assert service_obj.SERVICE_VERSION_HISTORY[5] == {
        'compute_rpc': '1.3', 'conductor_rpc': '1.5', 'scheduler_rpc': '1.1'}
    assert service_obj.SERVICE_VERSION_HISTORY[6] == {
        'compute_rpc': '1.3', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.1'}
    assert service_obj.SERVICE_VERSION_HISTORY[7] == {
        'compute_rpc': '1.4', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.1'}
    assert service_obj.SERVICE_VERSION_HISTORY[8] == {
        'compute_rpc': '1.5', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.1'}
    assert service_obj.SERVICE_VERSION_HISTORY[9] == {
        'compute_rpc': '1.5', 'conductor_rpc': '1.6', 'scheduler_rpc': '1.2'}


def test_versions_out_of_the_table_read_as_its_ends():
    history = service_obj.SERVICE_VERSION_HISTORY
    assert service_obj.rpc_versions_of(-1) == history[0]
    assert service_obj.rpc_versions_of(99) == history[-1]


def test_release_names_name_service_versions():
    assert service_obj.RELEASES == {'aspen': 1, 'birch': 2}


def _service(context, host, binary, version, **kw):
    service = objects.Service(context, host=host, binary=binary,
                              topic=binary, report_count=0, disabled=False,
                              forced_down=False, version=version, **kw)
    service.create()
    return service


def test_minimum_version_of_the_live_services(sqlite_db):
    context = sqlite_db
    get = objects.Service.get_minimum_version
    assert get(context, 'nova-compute') is None
    new = _service(context, 'cmp1', 'nova-compute', 2)
    old = _service(context, 'cmp2', 'nova-compute', 1)
    _service(context, 'ctl', 'nova-conductor', 2)
    assert get(context, 'nova-compute') == 1
    assert get(context, 'nova-conductor') == 2
    old.forced_down = True
    old.save()
    assert get(context, 'nova-compute') == 2
    old.forced_down = False
    old.save()
    assert get(context, 'nova-compute') == 1
    old.destroy()
    assert get(context, 'nova-compute') == 2
    new.destroy()
    assert get(context, 'nova-compute') is None


def test_a_service_restarted_on_this_release_records_its_version(sqlite_db):
    """The record an old compute left behind (version 1) says 2 once the
    new compute has started on that host: the minimum moves."""
    from nova_lite import service
    _service(sqlite_db, 'cmp1', 'nova-compute', 1)
    assert objects.Service.get_minimum_version(sqlite_db,
                                               'nova-compute') == 1
    daemon = service.Service('cmp1', 'nova-compute', 'compute', manager=None)
    daemon._register(sqlite_db)
    assert daemon.service_ref.version == service_obj.SERVICE_VERSION
    assert objects.Service.get_minimum_version(
        sqlite_db, 'nova-compute') == service_obj.SERVICE_VERSION
