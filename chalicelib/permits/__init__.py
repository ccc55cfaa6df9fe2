"""Issued permits ("Izin Saya"): recording, the holder's view, reminders and expiry, and renewal."""
