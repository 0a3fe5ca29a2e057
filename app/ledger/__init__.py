"""The ledger: an append-only, balanced journal of every money movement, and the services
that move money (recharge, refund, reversal, accounts, shifts). No Qt here."""

from . import chain as chain  # the session events that seal every money commit
