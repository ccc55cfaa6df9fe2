"""Sign-in: one account per person, keyed by NIK or passport number."""
