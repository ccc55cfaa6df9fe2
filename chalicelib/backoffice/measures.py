"""Processing-time measures (R17) per permit type and office, computed from what the workflow records on
each application (`steps_log`: when every step started, ended and whether within its SLA)."""

from __future__ import annotations

import math
from collections import defaultdict

from chalicelib import catalogue
from chalicelib.applications import statuses, store
from chalicelib.catalogue import workflows
from chalicelib.core import clock
from chalicelib.core.i18n import localize

SUBMITTED = (statuses.RECEIVED, statuses.AWAITING_VERIFICATION, statuses.NEEDS_CORRECTION, statuses.APPROVED,
             statuses.ISSUED, statuses.REJECTED)
DECIDED = (statuses.APPROVED, statuses.ISSUED, statuses.REJECTED)


def _hours(start: str, end: str) -> float:
    return (clock.parse(end) - clock.parse(start)).total_seconds() / 3600


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the value below which `share` of the values lie."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * share))
    return round(ordered[rank - 1], 2)


def _figures(values: list[float]) -> dict:
    return {"count": len(values), "medianHours": _percentile(values, 0.5), "p90Hours": _percentile(values, 0.9)}


def for_agency(agency: str, lang: str) -> list[dict]:
    groups: dict[tuple[str, str | None], list] = defaultdict(list)
    for app in store.list_by_agency_status(agency, SUBMITTED):
        groups[(app.permit_id, app.office)].append(app)
    rows = []
    for (permit_id, office), apps in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or "")):
        permit = catalogue.get_permit(permit_id)
        decided = [a for a in apps if a.status in DECIDED and a.decided_at and a.submitted_at]
        steps = []
        for step in workflows.steps_for(permit):
            done = [e for a in apps for e in a.steps_log if e["step"] == step.id and "endedAt" in e]
            steps.append({"step": step.id, "label": localize(step.label, lang), "slaHours": step.sla_hours,
                          **_figures([_hours(e["startedAt"], e["endedAt"]) for e in done]),
                          "withinSla": round(sum(e["withinSla"] for e in done) / len(done), 3) if done else None})
        ended = [e for a in apps for e in a.steps_log if "endedAt" in e]
        rows.append({
            "permitId": permit_id, "permitName": localize(permit["name"], lang), "office": office,
            "received": len(apps), "decided": len(decided),
            "endToEnd": _figures([_hours(a.submitted_at, a.decided_at) for a in decided]),
            "steps": steps,
            "withinSla": round(sum(e["withinSla"] for e in ended) / len(ended), 3) if ended else None,
        })
    return rows
