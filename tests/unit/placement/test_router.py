"""Placement's URL map: reads served, writes 405, versions gate URLs."""
import pytest
import webob.exc

from nova_lite.placement import errors
from nova_lite.placement import handlers
from nova_lite.placement import microversion
from nova_lite.placement import router

V = microversion.Version
RP = '/resource_providers/4e8e5957-649f-477b-9e5b-f1f75b21c03c'


def test_reads_find_their_handler_and_arguments():
    handler, args = router.match(RP + '/inventories/VCPU', 'GET', V(1, 0))
    assert handler is handlers.show_inventory
    assert args['resource_class'] == 'VCPU'
    assert args['uuid'] == RP.rsplit('/', 1)[1]


@pytest.mark.parametrize('method,path', [
    ('PUT', RP + '/inventories'), ('POST', '/resource_providers'),
    ('DELETE', '/allocations/x'), ('PUT', RP + '/traits'),
    ('PATCH', RP)])
def test_writes_are_405_naming_the_reads(method, path):
    with pytest.raises(errors.HTTPError) as caught:
        router.match(path, method, V(1, 39))
    assert caught.value.http_class is webob.exc.HTTPMethodNotAllowed
    assert caught.value.headers == {'allow': 'GET'}


def test_a_write_only_url_allows_nothing():
    with pytest.raises(errors.HTTPError) as caught:
        router.match('/reshaper', 'POST', V(1, 39))
    assert caught.value.http_class is webob.exc.HTTPMethodNotAllowed
    assert caught.value.headers == {'allow': ''}


@pytest.mark.parametrize('path,since', [
    (RP + '/aggregates', (1, 1)), ('/resource_classes', (1, 2)),
    ('/traits', (1, 6)), (RP + '/traits', (1, 6)), ('/usages', (1, 9))])
def test_urls_appear_with_their_microversion(path, since):
    router.match(path, 'GET', V(*since))
    with pytest.raises(errors.HTTPError) as caught:
        router.match(path, 'GET', V(since[0], since[1] - 1))
    assert caught.value.http_class is webob.exc.HTTPNotFound


def test_allocation_candidates_are_not_served():
    with pytest.raises(errors.HTTPError) as caught:
        router.match('/allocation_candidates', 'GET', V(1, 39))
    assert caught.value.http_class is webob.exc.HTTPNotFound
