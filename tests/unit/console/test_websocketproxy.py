"""Token and origin checks of nova-lite-novncproxy."""
import pytest

from nova_lite.console import websocketproxy


@pytest.mark.parametrize('path,cookie,token', [
    ('/?token=abc', None, 'abc'),
    ('/websockify?token=a%2Fb&x=1', None, 'a/b'),
    ('/', 'token=fromcookie; other=1', 'fromcookie'),
    ('/?token=q', 'token=c', 'q'),
    ('/', None, ''),
    ('/', 'garbage', ''),
])
def test_token_from_request(path, cookie, token):
    assert websocketproxy.token_from_request(path, cookie) == token


def test_origin_must_name_the_proxy():
    from tests import conf as test_conf
    test_conf.parse_once()
    allowed = websocketproxy.origin_allowed
    assert allowed(None, 'proxy:6080')
    assert allowed('http://proxy:6080', 'proxy:6080')
    # the host of [vnc] novncproxy_base_url (127.0.0.1 by default)
    assert allowed('http://127.0.0.1:6080', 'other:6080')
    assert not allowed('http://evil.example.com', 'proxy:6080')
