"""The recommendation plan's pause of the cyclic garbage collector leaves the collector as it found it."""

import gc

import pytest

from apps.recommendations.services import _collector_paused


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_the_collector_is_paused_inside_and_enabled_again_after_an_error(collector):
    gc.enable()
    with pytest.raises(RuntimeError), _collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failed plan")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(collector):
    gc.disable()
    with _collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
