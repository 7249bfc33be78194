"""The headless Chromium the dashboard tests drive starts as root with
the project's flags, renders a page and saves a screenshot of it."""
from tests.integration import browser


def test_chromium_renders_and_saves_a_screenshot(tmp_path):
    b = browser.Browser('http://127.0.0.1:1/', tmp_path)
    try:
        b.driver.get('data:text/html,<h1 id="t">nova_lite</h1>')
        assert b.find('//h1[@id="t"]').text == 'nova_lite'
        shot = b.screenshot('page')
    finally:
        b.close()
    with open(shot, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    assert (tmp_path / '01-page.html').read_text().count('nova_lite') == 1
