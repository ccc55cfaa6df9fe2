"""Payments into the Kas Daerah (SNAP virtual accounts, QRIS): built in the payments issue."""
