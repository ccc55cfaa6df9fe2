"""PISAO domain core: shipped with every function (Chalice packages this folder)."""
