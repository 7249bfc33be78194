"""The real Horizon 27 operates instances on nova_lite in a real browser
(headless Chromium): Keystone, Glance and Cinder from PyPI, the four
daemons with the network service and a libvirt compute running QEMU
guests (tests/integration/horizon_cloud.py).

As the demo project's member: the Overview charts usage and quotas; a key
pair made in the Key Pairs panel; Launch Instance through the wizard
(image source, m1.nano, the demo network, the default security group,
that key pair) reaches Active with its address and power state Running;
the detail page's tabs (overview, interfaces, the log with the guest's
boot marker, the noVNC console connected through nova-lite-novncproxy,
the action log); the row actions each end in the state Horizon shows for
Nova; a snapshot appears in Images and boots; a launch onto a new volume.
Another project's member sees none of it. As admin the Compute admin
panels render without an error, a host aggregate with an AZ and a flavor
with project access are created.

A failed step leaves a screenshot and the page's HTML under the test's
output directory (browser.Browser.step).
"""
import re

import pytest

from tests.integration import browser as browser_mod
from tests.integration import horizon_cloud
from tests.integration import horizon_pages as hp
from tests.integration import services

pytestmark = [pytest.mark.libvirt, pytest.mark.slow]

IMAGE = 'nova-lite-tiny'
FLAVOR = 'm1.nano'
BIGGER = 'm1.micro'
KEY = 'hz-key'
VM = 'hz-vm'
BOOT_MARKER = 'NOVA_LITE_TEST_GUEST_BOOTED'
ADDRESS = re.compile(r'^10\.0\.7\.\d+$')


@pytest.fixture(scope='module')
def cloud(transport_url):
    with services.mysql_database() as db_url:
        with horizon_cloud.running(transport_url, db_url) as c:
            yield c


@pytest.fixture(scope='module')
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp('horizon-screenshots')


@pytest.fixture(scope='module')
def b(cloud, shots):
    browser = browser_mod.Browser(cloud.horizon_url, shots)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def demo(cloud, b):
    with b.step('log in as demo'):
        b.login('demo', cloud.password('demo'))
    return b


@pytest.fixture
def admin(cloud, b):
    with b.step('log in as admin'):
        b.login('admin', cloud.password('admin'))
    return b


def _server(cloud, name, project='demo'):
    servers = cloud.compute('GET', '/servers/detail?name=^%s$' % name,
                            project, project).json()['servers']
    assert len(servers) == 1, servers
    return servers[0]


def test_overview_charts_usage_and_quotas(demo):
    with demo.step('overview'):
        demo.open('project/')
        demo.assert_no_errors()
        text = demo.text()
        assert 'Limit Summary' in text and 'Usage Summary' in text
        for chart in ('Instances', 'VCPUs', 'RAM', 'Volumes'):
            assert re.search(r'%s\s+Used \S+ of \S+' % chart, text,
                             re.I), (chart, text[:1500])
        assert 'Used 0 of 10' in text   # instances, the deployment's quota
        assert demo.all('//div[contains(@class, "pie-chart")]')


def test_launch_instance_through_the_wizard(cloud, demo):
    with demo.step('create a key pair'):
        hp.create_key_pair(demo, KEY)
        assert KEY in demo.text()
        demo.assert_no_errors()
    with demo.step('launch'):
        hp.launch_instance(demo, VM, IMAGE, FLAVOR, horizon_cloud.DEMO_NET,
                           KEY)
    with demo.step('active'):
        row = hp.wait_for_instance(demo, VM, 'Active', 'Running')
        assert ADDRESS.match(row['IP Address']), row
        assert (row['Flavor'], row['Key Pair'], row['Image Name']) == (
            FLAVOR, KEY, IMAGE)
    server = _server(cloud, VM)
    assert server['key_name'] == KEY
    assert list(server['addresses']) == [horizon_cloud.DEMO_NET]


def test_instance_detail_tabs(cloud, demo):
    server = _server(cloud, VM)
    address = server['addresses'][horizon_cloud.DEMO_NET][0]['addr']
    with demo.step('overview tab'):
        hp.detail_tab(demo, server['id'], 'overview')
        text = demo.text()
        for expected in (VM, server['id'], 'Active', FLAVOR, address,
                         KEY, IMAGE, 'default'):
            assert expected in text, expected
    with demo.step('interfaces tab'):
        hp.detail_tab(demo, server['id'], 'interfaces')
        text = demo.text()
        assert horizon_cloud.DEMO_NET in text and address in text
        assert 'Active' in text
    with demo.step('log tab'):
        def booted():
            hp.detail_tab(demo, server['id'], 'log')
            return BOOT_MARKER in demo.text()
        hp.wait_until(booted, message='no boot marker in the log tab')
    with demo.step('action log tab'):
        hp.detail_tab(demo, server['id'], 'audit')
        assert 'Create' in demo.text()
    with demo.step('console tab'):
        hp.detail_tab(demo, server['id'], 'console')
        src = hp.console_frame_src(demo)
        assert 'token' in src, src
        # noVNC's own page, its WebSocket through nova-lite-novncproxy to
        # QEMU's VNC server.
        status = hp.novnc_status(demo, src, 'Connected')
        assert 'QEMU' in status, status


@pytest.mark.parametrize('action, status, power', [
    ('stop', 'Shutoff', 'Shut Down'),
    ('start', 'Active', 'Running'),
    ('soft_reboot', 'Active', 'Running'),
    ('reboot', 'Active', 'Running'),
    ('pause', 'Paused', 'Paused'),
    ('unpause', 'Active', 'Running'),
    ('suspend', 'Suspended', 'Shut Down'),
    ('resume', 'Active', 'Running'),
])
def test_row_action(demo, action, status, power):
    batch_confirmed = {'stop', 'soft_reboot', 'reboot'}
    # Horizon's toggles: Pause/Resume and Suspend/Resume are one action
    # each, relabelled "Resume Instance".
    action = {'unpause': 'pause', 'resume': 'suspend'}.get(action, action)
    with demo.step(action):
        hp.row_action(demo, VM, action)
        if action in batch_confirmed:
            hp.confirm(demo)
        demo.assert_no_errors()
        hp.wait_for_instance(demo, VM, status, power)


def test_edit_instance(cloud, demo):
    with demo.step('edit'):
        hp.row_action(demo, VM, 'edit')
        hp.modal_input(demo, 'id_name')
        demo.type(hp.MODAL + '//textarea[@id="id_description"] | ' +
                  hp.MODAL + '//input[@id="id_description"]',
                  'edited in Horizon')
        hp.submit_modal(demo)
        demo.assert_no_errors()
    assert _server(cloud, VM)['description'] == 'edited in Horizon'


def test_snapshot_appears_in_images_and_boots(cloud, demo):
    snap, from_snap = VM + '-snap', VM + '-from-snap'
    with demo.step('create snapshot'):
        hp.row_action(demo, VM, 'snapshot')
        hp.modal_input(demo, 'id_name')
        demo.type(hp.MODAL + '//input[@id="id_name"]', snap)
        hp.submit_modal(demo)
        demo.assert_no_errors()
    with demo.step('the snapshot in Images'):
        def active():
            demo.open('project/images/')
            rows = [r.text for r in demo.all('//tr[contains(., "%s")]'
                                             % snap)]
            return rows and 'Active' in rows[0]
        hp.wait_until(active, message='snapshot %s not active' % snap)
        assert 'Snapshot' in demo.all('//tr[contains(., "%s")]'
                                      % snap)[0].text
    with demo.step('launch the snapshot'):
        hp.launch_instance(demo, from_snap, snap, FLAVOR,
                           horizon_cloud.DEMO_NET, KEY,
                           source='Instance Snapshot')
        row = hp.wait_for_instance(demo, from_snap, 'Active', 'Running')
        assert row['Image Name'] == snap
    with demo.step('delete the instance from the snapshot'):
        hp.delete_instance(demo, from_snap)


def test_resize_and_confirm(cloud, demo):
    with demo.step('resize'):
        hp.row_action(demo, VM, 'resize')
        demo.select(hp.MODAL + '//select[@id="id_flavor"]', BIGGER)
        hp.submit_modal(demo)
        demo.assert_no_errors()
    with demo.step('confirm'):
        hp.wait_for_instance(demo, VM, 'Confirm or Revert Resize/Migrate',
                             'Running')
        hp.row_action(demo, VM, 'confirm')
        demo.assert_no_errors()
        row = hp.wait_for_instance(demo, VM, 'Active', 'Running')
        assert row['Flavor'] == BIGGER


def test_attach_and_detach_volume(cloud, demo):
    volume = VM + '-vol'
    with demo.step('create a volume'):
        demo.open('project/volumes/')
        demo.click('//a[@id="volumes__action_create"]')
        hp.modal_input(demo, 'id_name')
        demo.type(hp.MODAL + '//input[@id="id_name"]', volume)
        demo.type(hp.MODAL + '//input[@id="id_size"]', '1')
        hp.submit_modal(demo)
        demo.assert_no_errors()
        _wait_volume(demo, volume, 'Available')
    with demo.step('attach'):
        hp.row_action_form(demo, VM, 'attach_volume', 'id_volume', volume)
        _wait_volume(demo, volume, 'In-use', VM)
    server = _server(cloud, VM)
    assert len(server['os-extended-volumes:volumes_attached']) == 1
    with demo.step('detach'):
        hp.row_action_form(demo, VM, 'detach_volume', 'id_volume', volume)
        _wait_volume(demo, volume, 'Available')
    assert _server(cloud, VM)['os-extended-volumes:volumes_attached'] == []


def _wait_volume(b, volume, status, attached_to=''):
    """Reload the Volumes panel until `volume` shows `status` (and the
    instance it is attached to)."""
    def check():
        b.open('project/volumes/')
        rows = b.all('//tr[contains(., "%s")]' % volume)
        return rows and status in rows[0].text and \
            attached_to in rows[0].text
    hp.wait_until(check, message='volume %s never %s' % (volume, status))


def test_attach_and_detach_interface(cloud, demo):
    second = cloud.network('POST', '/networks', 'demo', 'demo', json={
        'network': {'name': 'hz-second'}}).json()['network']
    resp = cloud.network('POST', '/subnets', 'demo', 'demo', json={
        'subnet': {'network_id': second['id'], 'ip_version': 4,
                   'cidr': '10.0.8.0/24', 'name': 'hz-second-subnet'}})
    assert resp.status_code == 201, resp.text
    with demo.step('attach interface'):
        hp.row_action_form(demo, VM, 'attach_interface', 'id_network',
                           'hz-second')
        hp.wait_until(lambda: 'hz-second' in _server(cloud, VM)['addresses'],
                      message='no address on hz-second')
        row = hp.wait_for_instance(demo, VM, 'Active', 'Running')
        assert '10.0.8.' in row['IP Address'], row
    with demo.step('detach interface'):
        port = cloud.network('GET', '/ports?network_id=%s' % second['id'],
                             'demo', 'demo').json()['ports']
        port = [p for p in port if p['device_owner'].startswith('compute:')]
        assert len(port) == 1, port
        hp.row_action_form(demo, VM, 'detach_interface', 'id_port',
                           port[0]['fixed_ips'][0]['ip_address'])
        hp.wait_until(lambda: 'hz-second' not in
                      _server(cloud, VM)['addresses'],
                      message='hz-second still attached')


def test_launch_onto_a_new_volume(cloud, demo):
    name = VM + '-on-volume'
    with demo.step('launch with Create New Volume'):
        hp.launch_instance(demo, name, IMAGE, FLAVOR,
                           horizon_cloud.DEMO_NET, KEY, new_volume=True)
        hp.wait_for_instance(demo, name, 'Active', 'Running')
    server = _server(cloud, name)
    assert len(server['os-extended-volumes:volumes_attached']) == 1
    with demo.step('the root volume in Volumes'):
        demo.open('project/volumes/')
        assert name in demo.text()   # "Attached To" names the instance
    with demo.step('delete it'):
        hp.delete_instance(demo, name)


def test_another_project_sees_none_of_it(cloud, b):
    with b.step('demo2 instances'):
        b.login('demo2', cloud.password('demo2'))
        b.open('project/instances/')
        b.assert_no_errors()
        assert hp.instance_row(b, VM) is None
        assert 'No items to display' in b.text()
    with b.step('demo2 key pairs'):
        b.open('project/key_pairs/')
        assert KEY not in b.text()


@pytest.mark.parametrize('path, expected', [
    ('admin/hypervisors/', 'lv1'),
    ('admin/aggregates/', 'Host Aggregates'),
    ('admin/instances/', VM),
    ('admin/flavors/', FLAVOR),
    ('admin/info/', 'nova-compute'),
])
def test_admin_pages_render(admin, path, expected):
    with admin.step(path):
        admin.open(path)
        admin.assert_no_errors()
        if path == 'admin/info/':
            admin.click('//a[contains(., "Compute Services")]')
        assert expected in admin.text()
        if path == 'admin/instances/':
            # every project's instances, with the project's name
            assert 'demo' in hp.instance_row(admin, VM).get('Project', '')
        if path == 'admin/hypervisors/':
            # the usage Horizon reads from Placement: the guest's vCPU
            assert 'vCPU Usage' in admin.text()


def test_admin_creates_a_host_aggregate_with_an_az(cloud, admin):
    with admin.step('create aggregate'):
        admin.open('admin/aggregates/')
        admin.click('//a[@id="host_aggregates__action_create"]')
        hp.modal_input(admin, 'id_name')
        admin.type(hp.MODAL + '//input[@id="id_name"]', 'hz-agg')
        admin.type(hp.MODAL + '//input[@id="id_availability_zone"]',
                   'hz-az')
        hp.submit_modal(admin)
        admin.assert_no_errors()
        assert 'hz-agg' in admin.text() and 'hz-az' in admin.text()
    aggregates = cloud.compute('GET', '/os-aggregates').json()['aggregates']
    assert [(a['name'], a['availability_zone']) for a in aggregates] == [
        ('hz-agg', 'hz-az')]


def test_admin_creates_a_flavor_with_project_access(cloud, admin):
    with admin.step('create flavor'):
        admin.open('admin/flavors/')
        admin.click('//a[@id="flavors__action_create"]')
        hp.modal_input(admin, 'id_name')
        for field, value in (('id_name', 'hz-flavor'), ('id_vcpus', '1'),
                             ('id_memory_mb', '96'), ('id_disk_gb', '1')):
            admin.type(hp.MODAL + '//input[@id="%s"]' % field, value)
        admin.click(hp.MODAL + '//a[normalize-space()="Flavor Access"]')
        admin.click(hp.MODAL + '//ul[contains(@class, "available_members")]'
                    '/ul[li/span[normalize-space()="demo"]]'
                    '//a[@href="#add_remove"]')
        hp.submit_modal(admin)
        admin.assert_no_errors()
        assert 'hz-flavor' in admin.text()
    flavors = cloud.compute('GET', '/flavors/detail?is_public=None').json()[
        'flavors']
    flavor = [f for f in flavors if f['name'] == 'hz-flavor'][0]
    assert flavor['os-flavor-access:is_public'] is False
    access = cloud.compute('GET', '/flavors/%s/os-flavor-access'
                           % flavor['id']).json()['flavor_access']
    assert [a['tenant_id'] for a in access] == [cloud.kg['projects']['demo']]


def test_delete_instance(cloud, demo):
    with demo.step('delete'):
        hp.delete_instance(demo, VM)
    servers = cloud.compute('GET', '/servers', 'demo', 'demo').json()
    assert VM not in [s['name'] for s in servers['servers']]
