"""How `./pisao test` shares the suite between processes (pytest-xdist, `-n auto --dist loadfile`).

Each test file is one unit of work, given whole to one process, so its module fixtures start once. Two
units are wider: every test that starts a local stack (tests/stack/, tests/e2e/), so that no two stacks
share the machine's cores at a time, and the infra tests, which share the package they build into
vendor/ of the work tree. The longest units are handed out first (the 500-application fault test, then
the stacks and the infra build), so that the rest of the suite runs beside them rather than after.
(xdist_group marks with --dist loadgroup would say the same, but on pytest 9.2 loadgroup silently
stops grouping: pytest-xdist issue 1386.)"""

from __future__ import annotations

from xdist.scheduler import LoadFileScheduling
from xdist.workermanage import WorkerController

WIDER = {"tests/stack/": "the local stack", "tests/e2e/": "the local stack", "tests/infra/": "infra"}
LONGEST_FIRST = ["tests/integration/test_transaction_queue.py", "the local stack", "infra"]


class LongestFirst(LoadFileScheduling):
    _ordered = False

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return next((unit for folder, unit in WIDER.items() if path.startswith(folder)), path)

    def _assign_work_unit(self, node: WorkerController) -> None:
        if not self._ordered:  # the work queue is complete at the first assignment
            def rank(unit: str) -> int:
                return LONGEST_FIRST.index(unit) if unit in LONGEST_FIRST else len(LONGEST_FIRST)

            for unit in sorted(self.workqueue, key=rank):
                self.workqueue.move_to_end(unit)
            self._ordered = True
        super()._assign_work_unit(node)
