"""Notifications to citizens, fed by the event stream."""
