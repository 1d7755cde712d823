"""Helpers the bench scripts share: a sibling script as a module, and a process tree's memory."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def sibling(name: str) -> ModuleType:
    """A sibling bench script as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def process_tree(pid: int) -> set[int]:
    """pid and its descendants (a scan of /proc: each process's parent)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {pid}, True
    while grew:
        more = {p for p, pp in parents.items() if pp in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def tree_memory(pids: set[int]) -> tuple[float, float]:
    """(RSS, PSS) in MB summed over these processes (those still alive)."""
    rss = pss = 0.0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except OSError:
            continue
    return rss, pss


class Sampler(threading.Thread):
    """Samples a process tree's memory every `every` seconds and keeps the peaks; the tree is
    looked up again every `rescan` samples (scanning /proc costs more than reading memory)."""

    def __init__(self, pid: int, every: float = 0.5, rescan: int = 6) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.rescan = pid, every, rescan
        self.rss = self.pss = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        pids, n = {self.pid}, 0
        while not self.stop.wait(self.every):
            if n % self.rescan == 0:
                pids = process_tree(self.pid)
            n += 1
            rss, pss = tree_memory(pids)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
