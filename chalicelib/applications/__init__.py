"""An application from the citizen's side: drafting, answers, evidence on it, submission, draft expiry, the counter,
and its read model (views)."""
