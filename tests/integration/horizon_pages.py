"""What a person does in Horizon 27's pages, as steps on a Browser: the
launch wizard, an instance's row actions and modal forms, and reading the
instances table. Element ids and labels are Horizon's own."""
import time

from selenium.common import exceptions as sel_exc
from selenium.webdriver.common.by import By

SETTLE = 300
MODAL = '//div[contains(@class, "modal-dialog")]'


def wait_until(check, timeout=SETTLE, poll=3, message=''):
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = check()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %s s: %s' % (timeout,
                                                                message))
        time.sleep(poll)


# -- the instances table --------------------------------------------------

def instance_row(b, name):
    """The instances table's row of `name` (the Project or Admin panel's)
    as {column header: text} plus its 'id', or None when the table has no
    such row."""
    headers = [h.text.strip() for h in b.all(
        '//table[@id="instances"]/thead/tr[last()]/th')]
    for row in b.all('//table[@id="instances"]/tbody/tr[@data-display="%s"]'
                     % name):
        cells = row.find_elements(By.XPATH, './td')
        values = dict(zip(headers, [c.text.strip() for c in cells]))
        values['id'] = row.get_attribute('data-object-id')
        return values
    return None


def wait_for_instance(b, name, status, power_state=None, task='None',
                      timeout=SETTLE):
    """Reload the instances page until `name` shows `status` (and the
    power state, and no task); the row."""
    seen = []

    def check():
        b.open('project/instances/')
        row = instance_row(b, name)
        seen.append(row and (row.get('Status'), row.get('Task'),
                             row.get('Power State')))
        if row and row.get('Status') == 'Error':
            raise AssertionError('%s went to Error: %s' % (name, row))
        if row and row.get('Status') == status and \
                row.get('Task') == task and \
                (power_state is None or row.get('Power State') ==
                 power_state):
            return row
        return None
    return wait_until(check, timeout, message='%s: %s, %s; saw %s' % (
        name, status, power_state, seen[-3:]))


def wait_instance_gone(b, name, timeout=SETTLE):
    def check():
        b.open('project/instances/')
        return instance_row(b, name) is None
    wait_until(check, timeout, message='%s still listed' % name)


def row_action(b, name, action):
    """Click the row action `action` (Horizon's id suffix: stop, start,
    pause, resize ...) of instance `name`, opening the row's menu when it
    is in there; a batch action's confirmation is accepted."""
    b.open('project/instances/')
    row = instance_row(b, name)
    assert row, 'no instance %s' % name
    xpath = '//*[@id="instances__row_%s__action_%s"]' % (row['id'], action)
    element = b.all(xpath)
    assert element, 'no action %s on %s (row %s)' % (action, name, row)
    if not element[0].is_displayed():
        b.click('//tr[@data-object-id="%s"]//*[contains(@class, '
                '"dropdown-toggle")]' % row['id'])
    b.click(xpath)
    return row


def delete_instance(b, name):
    """Delete Instance from the row's menu, confirmed; until the row is
    gone."""
    row_action(b, name, 'delete')
    confirm(b)
    b.assert_no_errors()
    wait_instance_gone(b, name)


def confirm(b):
    """Accept a batch action's confirmation dialog."""
    b.click(MODAL + '//*[contains(@class, "btn-primary") or '
            'contains(@class, "btn-danger")][not(contains(@class, '
            '"cancel"))]')
    b.wait_ready()


def submit_modal(b):
    b.click(MODAL + '//*[@type="submit"]')
    b.wait_ready()
    b.wait(lambda d: not [m for m in d.find_elements(By.XPATH, MODAL)
                          if m.is_displayed()],
           message='the form stayed open')
    b.wait_ready()


def row_action_form(b, name, action, select_id, text):
    """A row action whose form asks for one choice: the option of select
    `select_id` that contains `text`, submitted."""
    row_action(b, name, action)
    select = MODAL + '//select[@id="%s"]' % select_id
    labels = [o for o in b.options(select) if text in o]
    assert labels, (text, b.options(select))
    b.select(select, labels[0])
    submit_modal(b)
    b.assert_no_errors()


def modal_input(b, element_id):
    return b.find(MODAL + '//*[@id="%s"]' % element_id)


# -- key pairs -------------------------------------------------------------

def create_key_pair(b, name):
    b.open('project/key_pairs/')
    b.click('//a[@id="keypairs__action_create"]')
    modal_input(b, 'id_name')
    b.wait_ready()
    b.type(MODAL + '//input[@id="id_name"]', name)
    submit_modal(b)


# -- the launch wizard ----------------------------------------------------

def _wizard_step(b, title):
    b.click('//wizard//li[contains(@class, "nav-item")]//*[normalize-space()'
            '="%s"]' % title)
    b.wait_ready()


def _allocate(b, text):
    """Move the row containing `text` of the step's Available table up
    into Allocated (unless it is allocated already)."""
    allocated = '//div[@class="transfer-allocated"]//tr[contains(., "%s")]' % text
    if [e for e in b.all(allocated) if e.is_displayed()]:
        return
    b.click('//div[@class="transfer-available"]//tr[contains(., "%s")]'
            '//button[contains(@class, "fa-arrow-up")]' % text)
    b.find(allocated)


def launch_instance(b, name, image, flavor, network, key_pair,
                    new_volume=False, source='Image'):
    """The Launch Instance wizard from the Instances panel, as a person
    fills it in: details, source (optionally onto a new volume), flavor,
    network, the default security group, the key pair."""
    b.open('project/instances/')
    b.click('//a[@id="instances__action_launch-ng"] | '
            '//a[contains(., "Launch Instance")]')
    b.type('//wizard//input[@name="name"]', name)
    _wizard_step(b, 'Source')
    if source != 'Image':
        b.select('//select[@id="boot-source-type"]', source)
    b.click('//label[@id="vol-create" and normalize-space()="%s"]'
            % ('Yes' if new_volume else 'No'))
    _allocate(b, image)
    _wizard_step(b, 'Flavor')
    _allocate(b, flavor)
    _wizard_step(b, 'Networks')
    _allocate(b, network)
    _wizard_step(b, 'Security Groups')
    _allocate(b, 'default')
    _wizard_step(b, 'Key Pair')
    _allocate(b, key_pair)
    b.click('//wizard//button[contains(@class, "finish")]')
    b.wait(lambda d: not d.find_elements(By.XPATH, '//wizard'),
           message='the wizard stayed open')
    b.wait_ready()
    b.assert_no_errors()


# -- instance detail -------------------------------------------------------

def detail_tab(b, instance_id, tab):
    """An instance detail page's tab: overview, interfaces, log, console,
    audit."""
    b.open('project/instances/%s/?tab=instance_details__%s' % (
        instance_id, tab))
    b.assert_no_errors()


def console_frame_src(b):
    frames = b.driver.find_elements(By.XPATH, '//iframe')
    assert frames, 'no console frame'
    return frames[0].get_attribute('src')


def novnc_status(b, url, expect, timeout=60):
    """Open noVNC's page at url; wait for its status bar to show
    `expect`."""
    b.driver.get(url)

    def status():
        try:
            text = b.driver.find_element(By.ID, 'status').text
        except sel_exc.NoSuchElementException:
            return None
        return text if expect in text else None
    return b.wait(lambda d: status(), timeout,
                  'noVNC never said %r' % expect)
