"""Where the domain meets the outside world: one small module per service or partner."""
