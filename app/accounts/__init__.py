"""Accounts (电户开表 / 账户管理): the Qt-free services and read models of the Accounts window.

``service``: opening with a plan (tariff, billing mode, alarm levels), pre-set accounts
(预设账户) opened later with one click, tenant details and contacts. Closing (销户), the
transfer of ownership (过户) and the meter swap (换表补电) stay in ``app.ledger``; the
window calls them directly. ``reads``: the account list (one query per table, fast at
5,000+ accounts), an account's detail, vacant rooms, and the room detail's reads.
"""
