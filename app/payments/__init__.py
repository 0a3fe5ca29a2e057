"""Tenants who pay themselves (issue 20): WeChat Pay / Alipay bills and a signed endpoint.

Qt-free. ``statements`` reads the platforms' bill files (对账单); ``matching`` finds the
account of a payment; ``service`` makes each payment one recharge through the counter's
recharge path (idempotency key ``<platform>:<transaction id>``); ``reconcile`` compares a
bill with the ledger (对账); ``endpoint`` and ``relay`` are the local HTTP endpoint.
"""
