"""An import-linter contract type that the built-in ones lack (registered in pyproject.toml, [tool.importlinter]):
no import cycle between the modules of a package, a package's `__init__` counted as a module like any other.

`acyclic_siblings` compares the children of each package, so a package's `__init__` importing its own
`rules` while `rules` imports the package (the old `catalogue` ↔ `catalogue.rules`) passes it; this does not.
Every import counts, a function-level (lazy) one too: a lazy import hides a cycle from Python, not from a reader."""

from __future__ import annotations

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _cycles(graph: ImportGraph, modules: set[str]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as one cycle through them."""
    imports = {m: sorted(graph.find_modules_directly_imported_by(m) & modules) for m in sorted(modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in imports[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    cycles = []
    for component in components:  # a readable witness: the first module, back to itself by the shortest way
        first = component[0]
        following = next(m for m in imports[first] if m in component)
        back = graph.find_shortest_chain(importer=following, imported=first) or (following, first)
        cycles.append([first, *back])
    return cycles


class AcyclicModulesContract(Contract):
    type_name = "acyclic_modules"

    packages = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        cycles: list[list[str]] = []
        for package in self.packages:
            cycles += _cycles(graph, {package, *graph.find_descendants(package)})
        return ContractCheck(kept=not cycles, warnings=[], metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error("Import cycle: " + " -> ".join(cycle))
            output.new_line()
