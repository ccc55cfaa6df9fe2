"""Keeping the system running: the sweeper and the dead-letter queues."""
