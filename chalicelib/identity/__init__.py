"""Indonesian identity numbers (NIK, …): checks that run before any call to Dukcapil."""
