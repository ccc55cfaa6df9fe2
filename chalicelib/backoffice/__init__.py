"""The back office: submission validation, the state machine's tasks, steps and SLA, staff decisions, corrections, the
work queue and processing-time measures."""
