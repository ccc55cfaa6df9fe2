"""Payments into the regional treasury: billing, SNAP virtual accounts, QRIS, reconciliation."""
