"""Approval paths as data: which steps a permit type goes through, who acts at each, and each step's SLA
(`workflows.json`). The state machine only follows them (see chalicelib/workflow.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from chalicelib.forms.problems import Problem, problem

_FILE = Path(__file__).parent / "workflows.json"
ROLES = ("verifier", "approver", "agency_admin")


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(_FILE.read_text(encoding="utf-8"))


def names() -> set[str]:
    return set(_data()["workflows"])


def correction_days() -> int:
    return int(_data()["correctionDays"])


@dataclass(frozen=True)
class Step:
    id: str
    role: str
    supervisor: str
    sla_hours: float
    label: dict
    skip_for_direct_renewal: bool = False

    def may_act(self, roles: set[str], escalated: bool) -> bool:
        """The step's role acts; an approver may also do a verifier's step; once escalated, so may the
        supervisor."""
        allowed = {self.role} | ({"approver"} if self.role == "verifier" else set())
        return bool(roles & (allowed | ({self.supervisor} if escalated else set())))

    def marks(self, started: datetime) -> tuple[datetime, datetime]:
        """When the SLA warning is raised and when the step is due (then escalated)."""
        sla = timedelta(hours=self.sla_hours)
        return started + sla * float(_data()["warnAtShare"]), started + sla


def steps_for(permit: dict) -> list[Step]:
    ref = permit.get("workflow", "verifikasi-tunggal")
    name, overrides = (ref, {}) if isinstance(ref, str) else (ref["id"], ref.get("slaHours", {}))
    return [Step(s["id"], s["role"], s["supervisor"], float(overrides.get(s["id"], s["slaHours"])), s["label"],
                 bool(s.get("skipForDirectRenewal"))) for s in _data()["workflows"][name]["steps"]]


def step_of(permit: dict, step_id: str | None) -> Step | None:
    return next((s for s in steps_for(permit) if s.id == step_id), None)


def path_for(permit: dict, direct_renewal: bool) -> list[Step]:
    """The steps this application goes through: a direct renewal skips what it may skip."""
    return [s for s in steps_for(permit) if not (direct_renewal and s.skip_for_direct_renewal)]


def problems(ref: object) -> list[Problem]:
    """Why a permit's workflow reference cannot be published (empty when it can)."""
    choices = ", ".join(sorted(names()))
    if ref is None:
        return []  # the single verification
    if isinstance(ref, str):
        return [] if ref in names() else [problem("workflow", f"salah satu dari {choices}", f"one of {choices}")]
    if not isinstance(ref, dict) or ref.get("id") not in names():
        return [problem("workflow", f"salah satu dari {choices}, atau {{id, slaHours: {{tahap: jam}}}}",
                        f"one of {choices}, or {{id, slaHours: {{step: hours}}}}")]
    steps = {s["id"] for s in _data()["workflows"][ref["id"]]["steps"]}
    hours = ref.get("slaHours", {})
    if not isinstance(hours, dict) or any(k not in steps or not isinstance(v, int | float) or isinstance(v, bool)
                                          or not 0 < v <= 24 * 365 for k, v in hours.items()):
        listed = ", ".join(sorted(steps))
        return [problem("workflow.slaHours", f"jam (0–8760) untuk tahap {ref['id']}: {listed}",
                        f"hours (0–8760) for steps of {ref['id']}: {listed}")]
    return []
