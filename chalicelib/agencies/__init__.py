"""Agencies, their offices and their staff."""
