"""Submission to the queue, its validation, the approval workflow and staff decisions."""
