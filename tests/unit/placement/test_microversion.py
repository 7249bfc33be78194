"""Placement's OpenStack-API-Version negotiation."""
import pytest

from nova_lite.placement import microversion


def test_no_header_is_the_minimum():
    assert microversion.negotiate(None) == (1, 0)
    assert microversion.negotiate('compute 2.90') == (1, 0)


def test_latest_is_placement_16s_maximum():
    assert str(microversion.negotiate('placement latest')) == '1.39'


def test_the_placement_entry_of_a_folded_header():
    assert microversion.negotiate('compute 2.1, placement 1.6') == (1, 6)


@pytest.mark.parametrize('value', ['placement 1.40', 'placement 2.0',
                                   'placement 0.9'])
def test_unknown_versions_are_unacceptable(value):
    with pytest.raises(microversion.UnacceptableVersion):
        microversion.negotiate(value)


@pytest.mark.parametrize('value', ['placement one', 'placement 1',
                                   'placement 1.x'])
def test_malformed_versions_are_invalid(value):
    with pytest.raises(microversion.InvalidVersion):
        microversion.negotiate(value)


def test_matches():
    version = microversion.Version(1, 14)
    assert version.matches((1, 14))
    assert not version.matches((1, 15))
    assert version.matches((1, 0), (1, 14))
    assert not version.matches(max_version=(1, 13))
