"""What every capability shares: configuration, clock, errors, auth, audit, i18n, ports."""
