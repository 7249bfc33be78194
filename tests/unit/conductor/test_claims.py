"""The conductor's claim on the scheduler's candidates: a claim that
fails (the scheduler's cached host state was wrong) moves on to the next
candidate and tells the schedulers to re-read that node."""
from nova_lite import exception
from nova_lite import objects
from nova_lite.conductor import claims

objects.register_all()


class Ledger(object):
    """Allocation.claim with room on some nodes only."""

    def __init__(self, monkeypatch, full):
        self.full = set(full)
        self.claims = []
        ledger = self

        def claim(cls, context, consumer, node_id, vcpus, memory_mb,
                  disk_gb):
            if node_id in ledger.full:
                raise exception.ClaimFailed(host=node_id, reason='full')
            ledger.claims.append((consumer, node_id, vcpus, memory_mb,
                                  disk_gb))

        monkeypatch.setattr(objects.Allocation, 'claim', classmethod(claim))


class Schedulers(object):
    def __init__(self):
        self.refreshed = []

    def refresh_nodes(self, context, compute_node_ids):
        self.refreshed.append(list(compute_node_ids))


def _flavor():
    return objects.Flavor(vcpus=2, memory_mb=1024, root_gb=10,
                          ephemeral_gb=5)


def _candidates(*ids):
    return [{'host': 'h%d' % i, 'nodename': 'h%d' % i,
             'compute_node_id': i} for i in ids]


def test_a_failed_claim_refreshes_its_node_and_tries_the_next(monkeypatch):
    ledger = Ledger(monkeypatch, full=[1, 2])
    schedulers = Schedulers()
    chosen = claims.claim_first_fit(None, 'uuid', _flavor(),
                                    _candidates(1, 2, 3),
                                    scheduler_rpcapi=schedulers)
    assert chosen['host'] == 'h3'
    assert ledger.claims == [('uuid', 3, 2, 1024, 15)]
    assert schedulers.refreshed == [[1, 2]]


def test_a_first_claim_that_fits_tells_nobody(monkeypatch):
    ledger = Ledger(monkeypatch, full=[])
    schedulers = Schedulers()
    chosen = claims.claim_first_fit(None, 'uuid', _flavor(),
                                    _candidates(1, 2), is_bfv=True,
                                    scheduler_rpcapi=schedulers)
    assert chosen['host'] == 'h1'
    assert ledger.claims == [('uuid', 1, 2, 1024, 5)]
    assert schedulers.refreshed == []


def test_every_claim_failing_gives_none_and_names_every_node(monkeypatch):
    Ledger(monkeypatch, full=[1, 2])
    schedulers = Schedulers()
    assert claims.claim_first_fit(None, 'uuid', _flavor(),
                                  _candidates(1, 2),
                                  scheduler_rpcapi=schedulers) is None
    assert schedulers.refreshed == [[1, 2]]


def test_schedulers_that_cannot_be_told_do_not_fail_the_claim(monkeypatch):
    Ledger(monkeypatch, full=[1])

    class Unreachable(object):
        def refresh_nodes(self, context, compute_node_ids):
            raise RuntimeError('broker gone')

    chosen = claims.claim_first_fit(None, 'uuid', _flavor(),
                                    _candidates(1, 2),
                                    scheduler_rpcapi=Unreachable())
    assert chosen['host'] == 'h2'
