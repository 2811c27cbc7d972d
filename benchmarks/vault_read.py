"""Read a generated 10,000-note vault cold and warm; compare with python-frontmatter.

    python benchmarks/vault_read.py [--notes 10000]

Cold: no cache (every note parsed). Warm: unchanged files, cache keyed by size and mtime.
Targets: cold < 2 s, warm < 0.3 s on the project machine. Best of 3 each.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metis_bpmn.vault.reader import read_vault  # noqa: E402

STATUSES = ["✓ COMPLETE", "✓ FIRST PASS", "PARTIAL", "○ SETUP READY", "○ NOT STARTED"]


def generate(root: Path, count: int) -> None:
    rng = random.Random(7)
    for i in range(count):
        folder = root / f"area-{i % 40:02d}"
        folder.mkdir(exist_ok=True)
        links = " ".join(f"[[note-{rng.randrange(count)}]]" for _ in range(5))
        rows = "\n".join(f"| Chat {j} | {rng.choice(STATUSES)} |" for j in range(8))
        paragraph = ("Lorem ipsum dolor sit amet, #topic/sub consectetur adipiscing elit. " * 6)
        (folder / f"note-{i}.md").write_text(
            f"---\ntags:\n  - project/metis\n  - area/{i % 40}\ncreated: 2026-02-{1 + i % 28:02d}\n"
            f"session: s-{i}\n---\n\n# Note {i}\n\n{paragraph}\n\nSee {links}.\n\n"
            f"## Status\n\n| # | Status |\n|---|---|\n{rows}\n\n## Open Questions\n\n"
            + "".join(f"- question {j}\n" for j in range(5)) + "\n" + paragraph * 4 + "\n")


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="metis-vault-bench-"))
    try:
        generate(root, args.notes)
        size = sum(p.stat().st_size for p in root.rglob("*.md")) / 1e6

        def cold():
            shutil.rmtree(root / ".metis", ignore_errors=True)
            read_vault(root)

        cold_s = best(cold)
        read_vault(root)
        warm_s = best(lambda: read_vault(root))
        print(f"{args.notes} notes, {size:.1f} MB")
        print(f"metis-bpmn cold (no cache, writes it): {cold_s:.2f} s   target < 2 s")
        print(f"metis-bpmn warm (cache by size+mtime): {warm_s:.2f} s   target < 0.3 s")
        from metis_bpmn.vault.facts import VaultFacts

        def facts_query():
            facts = VaultFacts(read_vault(root))
            facts.statuses(), facts.status_at_least("Chat 3", "FIRST PASS")

        print(f"  warm read + a gate's facts (chat plan): {best(facts_query):.2f} s")
        print(f"  warm read + every note loaded:          "
              f"{best(lambda: list(read_vault(root).notes.values())):.2f} s")
        try:
            import frontmatter
        except ImportError:
            print("python-frontmatter not installed: no side-by-side figure")
            return
        files = sorted(root.rglob("*.md"))
        peer = best(lambda: [frontmatter.load(str(p)) for p in files], runs=1)
        print(f"python-frontmatter (front matter only, no links/tables): {peer:.2f} s  "
              f"ratio cold {cold_s / peer:.2f}x")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
