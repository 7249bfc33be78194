"""A headless Chromium (Debian's chromium + chromium-driver, installed by
tools/install-browser.sh) driven through Selenium, with the few waits and
clicks the dashboard tests need, and a screenshot (plus the page's HTML)
of the page a failed step was on, saved under the test's output
directory."""
import contextlib
import os
import re
import shutil
import tempfile

from selenium import webdriver
from selenium.common import exceptions as sel_exc
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
# As root on these machines Chromium needs no sandbox and no GPU; the
# networking flags keep it from calling home (the network is closed and
# it would flood it with connection attempts).
FLAGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
         '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync',
         '--disable-dev-shm-usage', '--window-size=1400,1000')
WAIT = 60


def require():
    """Fail (never skip) when the browser is missing: CI installs it."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    assert not missing, ('%s missing: run tools/install-browser.sh'
                         % ', '.join(missing))


class Browser(object):
    """One Chromium with its own empty profile; `shots` is where failed
    steps leave their screenshots."""

    def __init__(self, base_url, shots):
        require()
        self.base_url = base_url.rstrip('/') + '/'
        self.shots = str(shots)
        self.profile = tempfile.mkdtemp(prefix='nl-chromium-')
        self.downloads = os.path.join(self.profile, 'downloads')
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument('--user-data-dir=%s' % self.profile)
        options.add_experimental_option('prefs', {
            'download.default_directory': self.downloads,
            'download.prompt_for_download': False})
        self.driver = webdriver.Chrome(
            service=Service(executable_path=CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(180)
        self._shot = 0

    def close(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    # -- failure evidence ----------------------------------------------------

    def screenshot(self, name):
        """Save the current page as <n>-<name>.png and .html under shots."""
        self._shot += 1
        os.makedirs(self.shots, exist_ok=True)
        stem = os.path.join(self.shots, '%02d-%s' % (
            self._shot, re.sub(r'[^A-Za-z0-9_.-]+', '-', name)))
        try:
            self.driver.save_screenshot(stem + '.png')
            with open(stem + '.html', 'w') as f:
                f.write(self.driver.page_source)
        except sel_exc.WebDriverException:
            return None
        return stem + '.png'

    @contextlib.contextmanager
    def step(self, name):
        """A named step: on failure the page is saved and the error says
        where."""
        try:
            yield
        except BaseException as e:
            shot = self.screenshot(name)
            raise AssertionError('step %r failed on %s (screenshot %s): %s'
                                 % (name, self.current_url(), shot, e)) from e

    def current_url(self):
        try:
            return self.driver.current_url
        except sel_exc.WebDriverException:
            return '?'

    # -- navigation and waits -------------------------------------------------

    def open(self, path):
        self.driver.get(self.base_url + path.lstrip('/'))
        self.wait_ready()

    def wait_ready(self):
        """The document loaded and no jQuery request or Angular digest
        pending (Horizon's pages fill tables and charts with both)."""
        WebDriverWait(self.driver, WAIT).until(lambda d: d.execute_script(
            "if (document.readyState !== 'complete') return false;"
            "if (window.jQuery && jQuery.active) return false;"
            "if (window.angular) {"
            "  var el = document.querySelector('.ng-scope');"
            "  if (el) {"
            "    var inj = angular.element(el).injector();"
            "    if (inj && inj.get('$http').pendingRequests.length)"
            "      return false; } }"
            "return true;"))

    def wait(self, condition, timeout=WAIT, message=''):
        return WebDriverWait(self.driver, timeout).until(condition, message)

    def find(self, xpath, timeout=WAIT):
        """The first visible element at xpath."""
        return self.wait(ec.visibility_of_element_located((By.XPATH, xpath)),
                         timeout, 'nothing visible at %s' % xpath)

    def all(self, xpath):
        return self.driver.find_elements(By.XPATH, xpath)

    def click(self, xpath, timeout=WAIT):
        element = self.wait(ec.element_to_be_clickable((By.XPATH, xpath)),
                            timeout, 'nothing clickable at %s' % xpath)
        self.driver.execute_script(
            'arguments[0].scrollIntoView({block: "center"});', element)
        try:
            element.click()
        except sel_exc.ElementClickInterceptedException:
            # a fading toast or backdrop over it: a script click is what a
            # user's click on the visible button does
            self.driver.execute_script('arguments[0].click();', element)
        return element

    def type(self, xpath, text):
        element = self.find(xpath)
        element.clear()
        element.send_keys(text)
        return element

    def select(self, xpath, visible_text):
        """Choose an option of the <select> at xpath, as a person does:
        in the select itself, or in the dropdown Horizon's themable
        select shows in place of a hidden one."""
        element = self.wait(ec.presence_of_element_located(
            (By.XPATH, xpath)), WAIT, 'no select at %s' % xpath)
        if element.is_displayed():
            Select(element).select_by_visible_text(visible_text)
            return
        self.click(xpath + '/..//button[contains(@class, '
                   '"dropdown-toggle")]')
        self.click(xpath + '/..//ul[contains(@class, "dropdown-menu")]'
                   '//a[normalize-space()="%s"]' % visible_text)
        chosen = Select(element).first_selected_option.get_attribute(
            'textContent').strip()
        assert chosen == visible_text, (chosen, visible_text)

    def options(self, xpath):
        """The texts of the options of the <select> at xpath (shown or
        hidden)."""
        self.wait(ec.presence_of_element_located((By.XPATH, xpath)), WAIT,
                  'no select at %s' % xpath)
        return [o.get_attribute('textContent').strip()
                for o in self.all(xpath + '/option')]

    def text(self):
        return self.driver.find_element(By.TAG_NAME, 'body').text

    def error_messages(self):
        """Horizon's error alerts and toasts visible on the page."""
        found = []
        for xpath in ('//div[contains(@class, "alert-danger")]',
                      '//div[contains(@class, "toast-error")]',
                      '//div[contains(@class, "alert-error")]'):
            found += [e.text for e in self.all(xpath)
                      if e.is_displayed() and e.text.strip()]
        return found

    def assert_no_errors(self):
        title = self.driver.title
        assert 'Error' not in title and 'Server error' not in title, \
            (title, self.text()[:2000])
        errors = self.error_messages()
        assert not errors, errors

    # -- Horizon ---------------------------------------------------------------

    def login(self, username, password):
        self.driver.delete_all_cookies()
        self.open('auth/login/')
        self.type('//input[@id="id_username"]', username)
        self.type('//input[@id="id_password"]', password)
        self.click('//button[@id="loginBtn"]')
        self.wait(lambda d: '/auth/login' not in d.current_url,
                  message='still on the login page')
        self.wait_ready()

    def logout(self):
        self.open('auth/logout/')
